import { Field, Float, InputType } from "type-graphql";
import { Max, Min } from "./class-validator.js";
import { Optional } from "./validation.js";

/** WGS 84 coordinates of a place, for inputs that carry them. */
// Decorated so type-graphql collects its fields for subclasses; never referenced, so never in the schema.
@InputType()
export abstract class CoordinateFields {
  @Field(() => Float, { nullable: true, description: "WGS 84 latitude, -90 to 90." })
  @Optional()
  @Min(-90)
  @Max(90)
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: "WGS 84 longitude, -180 to 180." })
  @Optional()
  @Min(-180)
  @Max(180)
  longitude?: number | null;
}
