// GraphQL enums of articles, registered once.
import { registerEnumType } from "type-graphql";
import { enumObject } from "../../shared/enum-object.js";

export const TextDirectionEnum = enumObject(["RTL", "LTR"] as const);
registerEnumType(TextDirectionEnum, { name: "TextDirection", description: "Writing direction of a text, derived from its language." });

export const ArticleOrderEnum = enumObject(["NEWEST_FIRST", "OLDEST_FIRST"] as const);
registerEnumType(ArticleOrderEnum, { name: "ArticleOrder", description: "Order of an article list, by publication time." });
export type ArticleOrder = keyof typeof ArticleOrderEnum;
