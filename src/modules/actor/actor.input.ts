import { Field, InputType } from "type-graphql";
import { CountryCode } from "../../shared/scalars.js";

@InputType("ActorFilter", { description: "Narrows a list of people or organizations; all given conditions must hold." })
export class ActorFilter {
  @Field(() => String, { nullable: true, description: "Words to find in the name, the English name or an alias." })
  search?: string | null;

  @Field(() => CountryCode, { nullable: true, description: "Only those of this country (ISO 3166-1 alpha-2)." })
  country?: string | null;
}
