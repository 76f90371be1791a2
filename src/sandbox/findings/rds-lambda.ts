/** RDS login activity and Lambda network activity findings. */

import { networkConnectionAction } from "./network.js";
import { remote, remoteIpDetails } from "./remote.js";
import { lambdaDetails, rdsDbInstanceDetails } from "./resources.js";
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
  const { action } = networkConnectionAction(scene, privateIp(rng), peer);
  const connection = action.networkConnectionAction as Json;
  connection.connectionDirection = "OUTBOUND";
  parts.action = action;
  parts.resourceRole = "ACTOR";
  parts.peer = peer.ip;
  return parts;
}

const DB_USERS = ["admin", "app_rw", "reporting", "postgres", "root"];

export function rdsParts(scene: Scene): Parts {
  const { rng, inventory, info } = scene;
  const db = rng.pick(inventory.databases);
  const user = rng.pick(DB_USERS);
  const application = rng.pick(["psql", "mysql", "DBeaver 24.0", "sqlmap/1.8"]);
  const parts = newParts(
    {
      resourceType: "RDSDBInstance",
      rdsDbInstanceDetails: rdsDbInstanceDetails(db),
      rdsDbUserDetails: {
        user,
        application,
        database: rng.pick(["appdb", "postgres", "mysql", "reports"]),
        ssl: rng.pick(["yes", "no"]),
        authMethod: "PASSWORD",
      },
    },
    `RDS DB instance ${db.dbInstanceIdentifier}`,
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
