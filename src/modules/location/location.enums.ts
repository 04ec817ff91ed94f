// GraphQL enums of locations, registered once. Their values are the strings stored in SQLite.
import { registerEnumType } from "type-graphql";
import { enumObject } from "../../shared/enum-object.js";
import { LOCATION_KINDS } from "./location.table.js";

export const LocationKindEnum = enumObject(LOCATION_KINDS);
registerEnumType(LocationKindEnum, {
  name: "LocationKind",
  description: "What kind of place a location is; each lies inside a larger one (a site in a city in a region in a country).",
  valuesConfig: {
    COUNTRY: { description: "A country." },
    REGION: { description: "A province, governorate, oblast or other region of a country." },
    CITY: { description: "A city, town or village." },
    SITE: { description: "A building, base, venue or other site." },
  },
});
