// The few class-validator pieces Khabar uses, required from their own files. The package's index
// re-exports every validator it has (with validator.js and libphonenumber-js behind them), and
// importing that CommonJS index from ES modules made Node lex and load all of it at startup:
// ~150–350 ms of the cold start, against ~25 ms for these files. Rules and errors are the same
// objects (class-validator keeps its metadata in one global storage), so behaviour is unchanged.
import { createRequire } from "node:module";
import type * as ClassValidator from "class-validator";

const require = createRequire(import.meta.url);

function load<Name extends keyof typeof ClassValidator>(file: string, name: Name): (typeof ClassValidator)[Name] {
  return (require(`class-validator/cjs/${file}.js`) as Pick<typeof ClassValidator, Name>)[name];
}

export type { ValidationOptions } from "class-validator";
export type ValidationError = ClassValidator.ValidationError;

export const ArrayMaxSize = load("decorator/array/ArrayMaxSize", "ArrayMaxSize");
export const IsDefined = load("decorator/common/IsDefined", "IsDefined");
export const IsNotEmpty = load("decorator/common/IsNotEmpty", "IsNotEmpty");
export const IsOptional = load("decorator/common/IsOptional", "IsOptional");
export const ValidateIf = load("decorator/common/ValidateIf", "ValidateIf");
export const ValidateNested = load("decorator/common/ValidateNested", "ValidateNested");
export const Max = load("decorator/number/Max", "Max");
export const Min = load("decorator/number/Min", "Min");
export const ValidateBy = load("decorator/common/ValidateBy", "ValidateBy");
export const IsISO8601 = load("decorator/string/IsISO8601", "IsISO8601");
export const IsUrl = load("decorator/string/IsUrl", "IsUrl");
export const Matches = load("decorator/string/Matches", "Matches");
export const MaxLength = load("decorator/string/MaxLength", "MaxLength");
export const ValidationError = load("validation/ValidationError", "ValidationError");
export const getMetadataStorage = load("metadata/MetadataStorage", "getMetadataStorage");

const { Validator } = require("class-validator/cjs/validation/Validator.js") as { Validator: typeof ClassValidator.Validator };
const { getFromContainer } = require("class-validator/cjs/container.js") as { getFromContainer: typeof ClassValidator.getFromContainer };

/** class-validator's validate(object, options), as its index defines it. */
export function validate(object: object, options?: ClassValidator.ValidatorOptions): Promise<ValidationError[]> {
  return getFromContainer(Validator).validate(object, options);
}
