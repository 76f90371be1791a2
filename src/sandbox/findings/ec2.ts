/** EC2 findings: VPC flow log and DNS log detections on an instance. */

import { hostNetworkAction, networkProtocol } from "./network.js";
import { instanceDetails } from "./resources.js";
import { newParts, type Parts, type Scene } from "./scene.js";

export function ec2Parts(scene: Scene): Parts {
  const { rng, inventory, ctx } = scene;
  const spec = rng.pick(inventory.instances);
  const parts = newParts(
    { resourceType: "Instance", instanceDetails: instanceDetails(spec, ctx.region, ctx.accountId) },
    `EC2 instance ${spec.instanceId}`,
  );
  Object.assign(parts, hostNetworkAction(scene, spec.privateIp));
  if (/Unusual|Portscan|PortSweep/.test(scene.info.type)) {
    parts.additional.unusual = rng.int(1, 500);
    parts.additional.unusualProtocol = networkProtocol(scene.info.type);
  }
  return parts;
}
