// Argument validation with class-validator, wired into type-graphql as its global validateFn.
// type-graphql validates an argument's value without knowing the argument's name, so its errors
// would read `statements.2.text`; this names the argument (`input.statements.2.text`) by finding
// which argument of the field has the validated class as its type. Every violation of every
// argument is reported at once, one message per field (format-error.ts flattens them into
// `fieldErrors`).
import { getNamedType, type GraphQLResolveInfo } from "graphql";
import {
  ArrayMaxSize,
  getMetadataStorage as getValidationMetadataStorage,
  IsDefined,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  Matches,
  MaxLength,
  validate,
  ValidateBy,
  ValidateIf,
  ValidationError,
  type ValidationOptions,
} from "./class-validator.js";
import { ArgumentValidationError, Field, getMetadataStorage, type ValidatorFn } from "type-graphql";
import { COUNTRY_RULE, DAY_SHAPE, isCountryCode, isWebUrl, LANGUAGE_RULE, LANGUAGE_SHAPE, MAX_SAME_AS, SLUG_RULE, SLUG_SHAPE, WIKIDATA_SHAPE } from "./rules.js";

function graphqlNameOf(type: unknown): string | undefined {
  if (typeof type !== "function") return undefined;
  const storage = getMetadataStorage();
  return [...storage.inputTypes, ...storage.argumentTypes].find((metadata) => metadata.target === type)?.name ?? type.name;
}

function argumentNameOf(type: unknown, info: GraphQLResolveInfo): string | undefined {
  const name = graphqlNameOf(type);
  const field = info.parentType.getFields()[info.fieldName];
  return field?.args.find((argument) => getNamedType(argument.type).name === name)?.name;
}

/**
 * Whether class-validator has any rule for a class (its own or inherited; nested inputs are only
 * validated through a rule on the parent). type-graphql calls validateFn for every argument of
 * every resolver call, e.g. `statements(first:)` once per article of a page; the page arguments
 * and most filters have no rule, and class-validator would walk its metadata to find nothing.
 */
const hasRulesByClass = new WeakMap<Function, boolean>();
function hasRules(type: Function): boolean {
  let known = hasRulesByClass.get(type);
  if (known === undefined) {
    known = getValidationMetadataStorage().getTargetValidationMetadatas(type, "", true, false).length > 0;
    hasRulesByClass.set(type, known);
  }
  return known;
}

export const validateArgument: ValidatorFn = async (value, type, { info }) => {
  if (value === null || typeof value !== "object") return;
  const items = Array.isArray(value) ? value : [value];
  const errors: ValidationError[] = [];
  for (const [index, item] of items.entries()) {
    if (item === null || typeof item !== "object" || !hasRules(item.constructor)) continue;
    const found = await validate(item as object, { forbidUnknownValues: false, skipMissingProperties: false, stopAtFirstError: true, validationError: { target: false, value: false } });
    if (found.length === 0) continue;
    errors.push(...(Array.isArray(value) ? [nest(String(index), found)] : found));
  }
  if (errors.length === 0) return;
  const argument = argumentNameOf(type, info);
  throw new ArgumentValidationError(argument ? [nest(argument, errors)] : errors);
};

function nest(property: string, children: ValidationError[]): ValidationError {
  const error = new ValidationError();
  error.property = property;
  error.children = children;
  return error;
}

// Field rules, composed once so every input says the same thing the same way.

function apply(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (const decorator of decorators) decorator(target, key);
  };
}

/** For create inputs: absent or null skips the rules. */
export const Optional = (): PropertyDecorator => IsOptional();

/**
 * For update inputs of a non-nullable column: absent means unchanged (rules skipped), null is an
 * error ("cannot be cleared"), a value must pass the rules.
 */
export const NotClearable = (): PropertyDecorator =>
  apply(
    ValidateIf((_object, value) => value !== undefined),
    IsDefined({ message: "$property cannot be cleared (null); leave it out to keep it" }),
  );

const blankMessage = (options?: ValidationOptions) => ({ ...options, message: "$property must not be blank" });

/** Non-blank text of at most `max` characters. */
export const Text = (max: number, options?: ValidationOptions): PropertyDecorator =>
  apply(IsNotEmpty(blankMessage(options)), Matches(/\S/, blankMessage(options)), MaxLength(max, { ...options, message: `$property must be at most ${max} characters` }));

export const Slug = (): PropertyDecorator =>
  apply(Matches(SLUG_SHAPE, { message: `$property must be ${SLUG_RULE}` }), MaxLength(200));

/** A slug or a global id, for references. */
export const Reference = (options?: ValidationOptions): PropertyDecorator =>
  apply(IsNotEmpty({ ...options, message: "$property must be a slug or an id" }), MaxLength(200, { ...options, message: "$property is too long for a slug or an id" }));

export const Instant = (): PropertyDecorator =>
  IsISO8601({ strict: true, strictSeparator: true }, { message: "$property must be an ISO-8601 date-time such as 2024-03-26T09:30:00Z" });

export const Day = (): PropertyDecorator =>
  apply(
    Matches(DAY_SHAPE, { message: "$property must be an ISO-8601 date such as 2024-03-22" }),
    IsISO8601({ strict: true }, { message: "$property must be a real calendar date" }),
  );

export const Language = (): PropertyDecorator => Matches(LANGUAGE_SHAPE, { message: `$property must be ${LANGUAGE_RULE}` });

export const WikidataId = (): PropertyDecorator => Matches(WIKIDATA_SHAPE, { message: "$property must be a Wikidata item id such as Q23" });

/** A list of at most MAX_SAME_AS absolute http(s) URLs. */
export const SameAs = (): PropertyDecorator =>
  apply(
    ArrayMaxSize(MAX_SAME_AS, { message: `$property must hold at most ${MAX_SAME_AS} URLs` }),
    ValidateBy({ name: "isWebUrl", validator: { validate: (value: unknown) => isWebUrl(value), defaultMessage: () => "$property must hold absolute http(s) URLs" } }, { each: true }),
  );

/** The `wikidataId` field of an input: a Wikidata item id, optional. */
export const WikidataIdField = (): PropertyDecorator =>
  apply(Field(() => String, { nullable: true, description: "The Wikidata item id (`Q…`); unique." }), Optional(), WikidataId());

/** The `sameAs` field of an input: other pages about the same entity, optional. */
export const SameAsField = (): PropertyDecorator =>
  apply(Field(() => [String], { nullable: true, description: "Other pages about it (official site, Wikipedia…): absolute http(s) URLs; on update, replaces the list." }), Optional(), SameAs());

/** Exactly the codes the CountryCode scalar serializes: the record rule, so import and mutations agree. */
export const Country = (): PropertyDecorator =>
  ValidateBy({ name: "isCountryCode", validator: { validate: (value: unknown) => isCountryCode(value), defaultMessage: () => `$property must be ${COUNTRY_RULE}` } });
