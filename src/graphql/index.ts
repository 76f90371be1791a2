/** Imports every type module (each registers itself on the builder), builds the schema and guards `_entities`. */
import { builder } from "./builder.js";
import { guardEntities } from "./entities.js";
import "./types/scalars.js";
import "./types/node.js";
import "./types/errors.js";
import "./types/detector.js";
import "./types/finding-resource.js";
import "./types/finding-service.js";
import "./types/finding-filter.js";
import "./types/finding.js";
import "./types/finding-type-info.js";
import "./types/finding-attack-sequence.js";
import "./types/member.js";
import "./types/free-trial.js";
import "./types/administrator.js";
import "./types/statistics.js";
import "./types/aws-account.js";
import "./mutations/accept-administrator-invitation.js";
import "./mutations/disassociate-from-administrator-account.js";
import "./mutations/findings.js";

builder.queryType({ description: "Read GuardDuty: detectors, findings, members, invitations." });
builder.mutationType({
  description: "Change GuardDuty: the administrator relationship and findings.",
});

export const schema = guardEntities(
  builder.toSubGraphSchema({
    // v2.9 defines @cost and @listSize (demand control): a router estimates a query's cost
    // from them before it reaches this subgraph.
    linkUrl: "https://specs.apollo.dev/federation/v2.9",
    federationDirectives: ["@cost", "@key", "@listSize", "@shareable"],
    sortSchema: true,
  }),
);
