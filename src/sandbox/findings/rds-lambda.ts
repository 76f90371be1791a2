/** RDS login activity and Lambda network activity findings. */

import { networkConnectionAction } from "./network.js";
import { remote, remoteIpDetails } from "./remote.js";
import { lambdaDetails, rdsDbInstanceDetails, rdsLimitlessDbDetails } from "./resources.js";
import { newParts, type Parts, type Scene } from "./scene.js";
import { type Json, privateIp } from "./values.js";

export function lambdaParts(scene: Scene): Parts {
  const { rng, inventory } = scene;
  const spec = rng.pick(inventory.lambdas);
  const parts = newParts(
    { resourceType: "Lambda", lambdaDetails: lambdaDetails(spec) },
    `Lambda function ${spec.functionName}`,
  );
  const peer = remote(scene);
  const { action } = networkConnectionAction(scene, { ip: privateIp(rng) }, peer);
  const connection = action.networkConnectionAction as Json;
  connection.connectionDirection = "OUTBOUND";
  parts.action = action;
  parts.resourceRole = "ACTOR";
  parts.peer = peer.ip;
  return parts;
}

const DB_USERS = ["admin", "app_rw", "reporting", "postgres", "root"];

/** About a quarter of RDS login findings concern an Aurora PostgreSQL Limitless Database. */
const LIMITLESS_SHARE = 0.25;

function rdsTarget(scene: Scene): { resource: Parts["resource"]; subject: string } {
  const { rng, inventory } = scene;
  if (rng.chance(LIMITLESS_SHARE)) {
    const shardGroup = rng.pick(inventory.limitlessDatabases);
    return {
      resource: {
        resourceType: "RDSLimitlessDB",
        rdsLimitlessDbDetails: rdsLimitlessDbDetails(shardGroup),
      },
      subject: `RDS Limitless DB shard group ${shardGroup.dbShardGroupIdentifier}`,
    };
  }
  const db = rng.pick(inventory.databases);
  return {
    resource: { resourceType: "RDSDBInstance", rdsDbInstanceDetails: rdsDbInstanceDetails(db) },
    subject: `RDS DB instance ${db.dbInstanceIdentifier}`,
  };
}

export function rdsParts(scene: Scene): Parts {
  const { rng, info } = scene;
  const target = rdsTarget(scene);
  const user = rng.pick(DB_USERS);
  const application = rng.pick(["psql", "mysql", "DBeaver 24.0", "sqlmap/1.8"]);
  const parts = newParts(
    {
      ...target.resource,
      rdsDbUserDetails: {
        user,
        application,
        database: rng.pick(["appdb", "postgres", "mysql", "reports"]),
        ssl: rng.pick(["yes", "no"]),
        authMethod: "PASSWORD",
      },
    },
    target.subject,
  );
  const caller = remote(scene);
  const failed =
    info.type.includes("Failed") || info.type.includes("BruteForce")
      ? rng.int(20, 3000)
      : rng.int(0, 3);
  const succeeded = info.type.includes("Successful") ? rng.int(1, 5) : 0;
  parts.action = {
    actionType: "RDS_LOGIN_ATTEMPT",
    rdsLoginAttemptAction: {
      remoteIpDetails: remoteIpDetails(caller),
      // RdsLoginAttemptAction$ gives LoginAttributes no jsonName: the wire keeps the PascalCase.
      LoginAttributes: [
        { user, application, failedLoginAttempts: failed, successfulLoginAttempts: succeeded },
      ],
    },
  };
  parts.peer = caller.ip;
  return parts;
}
