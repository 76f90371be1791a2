import { builder } from "../builder.js";
import { InstanceProductCode } from "./generated/finding.js";

/**
 * The hand-written part of a finding's `resource` (types/generated/finding.ts holds the rest):
 * the product-code fields the released schema named after the SDK's members. GuardDuty's wire
 * names them productCodeId/productCodeType, which the generated fields follow.
 */
builder.objectFields(InstanceProductCode, (t) => ({
  code: t.exposeString("Code", {
    nullable: true,
    description: "Product code.",
    deprecationReason: "Use productCodeId, GuardDuty's name for it.",
  }),
  productType: t.exposeString("ProductType", {
    nullable: true,
    description: "Product code type, e.g. marketplace.",
    deprecationReason: "Use productCodeType, GuardDuty's name for it.",
  }),
}));
