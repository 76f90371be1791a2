/** EC2 findings: VPC flow log and DNS log detections on an instance. */

import { hostNetworkAction, networkProtocol } from "./network.js";
import { instanceDetails } from "./resources.js";
import { newParts, type Parts, type Scene } from "./scene.js";
import type { Json } from "./values.js";

export function ec2Parts(scene: Scene): Parts {
  const { rng, inventory, ctx, info } = scene;
  const spec = rng.pick(inventory.instances);
  const parts = newParts(
    { resourceType: "Instance", instanceDetails: instanceDetails(spec, ctx.region, ctx.accountId) },
    `EC2 instance ${spec.instanceId}`,
  );
  Object.assign(
    parts,
    hostNetworkAction(scene, {
      ip: spec.privateIp,
      ipv6: spec.ipv6,
      networkInterfaceId: spec.networkInterfaceId,
    }),
  );
  if (info.type.includes("NetworkPortUnusual")) {
    // What was unusual: the port the instance talked on (GuardDuty reports it as `unusual.port`).
    const connection = parts.action?.networkConnectionAction as Json | undefined;
    const remotePort = connection?.remotePortDetails as Json | undefined;
    parts.additional.unusual = { port: remotePort?.port ?? rng.int(1024, 65535) };
  } else if (/Unusual|Portscan|PortSweep/.test(info.type)) {
    parts.additional.unusual = rng.int(1, 500);
  }
  if (/Unusual|Portscan|PortSweep/.test(info.type)) {
    parts.additional.unusualProtocol = networkProtocol(info.type);
  }
  return parts;
}
