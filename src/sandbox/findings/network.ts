/** Network actions (EC2, Runtime and Lambda network types), seen from a host's address. */

import type { Rng } from "../random.js";
import { type Remote, remote, remoteIpDetails } from "./remote.js";
import type { Parts, ResourceRole, Scene } from "./scene.js";
import { DNS_PATTERN, threatFamilyName } from "./type-name.js";
import { hexId, type Json, vpcIpv6 } from "./values.js";

/** The host a network action is seen from. */
export interface LocalHost {
  ip: string;
  /** The host's IPv6 address, for IPv6 peers; one from the VPC's block is used when absent. */
  ipv6?: string | undefined;
  /** EC2 instances name the elastic network interface the connection used. */
  networkInterfaceId?: string | undefined;
}

function localIpDetails(scene: Scene, local: LocalHost, peer: Remote): Json {
  return peer.ipv6 ? { ipAddressV6: local.ipv6 ?? vpcIpv6(scene.rng) } : { ipAddressV4: local.ip };
}

interface PortSpec {
  port: number;
  portName: string;
}

const PORTS: Record<string, PortSpec> = {
  SSHBruteForce: { port: 22, portName: "SSH" },
  RDPBruteForce: { port: 3389, portName: "RDP" },
  WinRMBruteForce: { port: 5985, portName: "WinRM" },
  Spambot: { port: 25, portName: "SMTP" },
  UnusualDNSResolver: { port: 53, portName: "DNS" },
  UnusualDoHActivity: { port: 443, portName: "HTTPS" },
  UnusualDoTActivity: { port: 853, portName: "DNS over TLS" },
  BitcoinTool: { port: 3333, portName: "Unknown" },
  TorClient: { port: 9001, portName: "Unknown" },
  TorRelay: { port: 9001, portName: "Unknown" },
  "C&CActivity": { port: 6667, portName: "IRC" },
  PortProbeEMRUnprotectedPort: { port: 8088, portName: "Unknown" },
};

const COMMON_PORTS: readonly PortSpec[] = [
  { port: 80, portName: "HTTP" },
  { port: 443, portName: "HTTPS" },
  { port: 22, portName: "SSH" },
  { port: 3306, portName: "MYSQL" },
  { port: 8080, portName: "Unknown" },
  { port: 5432, portName: "POSTGRESQL" },
];

function connectionDirection(rng: Rng, type: string): "INBOUND" | "OUTBOUND" {
  if (/BruteForce|TorRelay|PortProbe/.test(type)) return rng.chance(0.85) ? "INBOUND" : "OUTBOUND";
  if (/NetworkPortUnusual|MaliciousIPCaller/.test(type))
    return rng.chance(0.5) ? "INBOUND" : "OUTBOUND";
  return "OUTBOUND";
}

export function networkProtocol(type: string): string {
  if (/DenialOfService\.(Udp|Dns)|UdpOnTcpPorts/.test(type)) return "UDP";
  if (type.includes("UnusualProtocol")) return "Unknown";
  return "TCP";
}

export function networkConnectionAction(
  scene: Scene,
  local: LocalHost,
  peer: Remote,
): {
  action: Json;
  role: ResourceRole;
} {
  const { rng, info } = scene;
  const direction = connectionDirection(rng, info.type);
  const service = PORTS[threatFamilyName(info.type)] ?? rng.pick(COMMON_PORTS);
  const ephemeral = { port: rng.int(32768, 60999), portName: "Unknown" };
  const [localPort, remotePort] =
    direction === "INBOUND" ? [service, ephemeral] : [ephemeral, service];
  const action: Json = {
    blocked: rng.chance(0.05),
    connectionDirection: direction,
    localPortDetails: { port: localPort.port, portName: localPort.portName },
    protocol: networkProtocol(info.type),
    localIpDetails: localIpDetails(scene, local, peer),
    remoteIpDetails: remoteIpDetails(peer),
    remotePortDetails: { port: remotePort.port, portName: remotePort.portName },
  };
  if (local.networkInterfaceId) action.localNetworkInterface = local.networkInterfaceId;
  return {
    action: { actionType: "NETWORK_CONNECTION", networkConnectionAction: action },
    role: direction === "INBOUND" ? "TARGET" : "ACTOR",
  };
}

const BAD_DOMAINS = [
  "update-check.cdn-sync.example",
  "pool.minexmr.example",
  "login-verify.account-secure.example",
  "xj3k9qz0d.example",
  "c2.fastflux.example",
  "dropzone.filestore.example",
];

function registeredDomain(domain: string): string {
  return domain.split(".").slice(-2).join(".");
}

function dnsRequestAction(scene: Scene, vpcOwner: string): { action: Json; domain: string } {
  const { rng, info } = scene;
  const domain = info.type.includes("MetadataDNSRebind")
    ? `169.254.169.254.${hexId(rng, 8)}.rebind.example`
    : info.type.includes("DGADomainRequest")
      ? `${hexId(rng, 14)}.example`
      : rng.pick(BAD_DOMAINS);
  const dns: Json = {
    domain,
    protocol: rng.chance(0.9) ? "UDP" : "TCP",
    blocked: rng.chance(0.1),
    domainWithSuffix: registeredDomain(domain),
  };
  if (rng.chance(0.3)) dns.vpcOwnerAccountId = vpcOwner;
  return { action: { actionType: "DNS_REQUEST", dnsRequestAction: dns }, domain };
}

function portProbeAction(scene: Scene, local: LocalHost): { action: Json; peer: Remote } {
  const { rng, info } = scene;
  const probes = rng.int(1, 3);
  const first = remote(scene);
  const details: Json[] = [];
  for (let i = 0; i < probes; i++) {
    const peer = i === 0 ? first : remote(scene);
    const port = PORTS[threatFamilyName(info.type)] ?? rng.pick(COMMON_PORTS);
    details.push({
      localPortDetails: { port: port.port, portName: port.portName },
      localIpDetails: localIpDetails(scene, local, peer),
      remoteIpDetails: remoteIpDetails(peer),
    });
  }
  return {
    action: {
      actionType: "PORT_PROBE",
      portProbeAction: { blocked: false, portProbeDetails: details },
    },
    peer: first,
  };
}

/** The action of a network-sourced type, from the point of view of `local`. */
export function hostNetworkAction(
  scene: Scene,
  local: LocalHost,
): Pick<Parts, "action" | "resourceRole" | "peer"> {
  const { info } = scene;
  if (DNS_PATTERN.test(info.type)) {
    const { action, domain } = dnsRequestAction(scene, scene.ctx.accountId);
    return { action, resourceRole: "ACTOR", peer: domain };
  }
  if (info.type.includes("PortProbe")) {
    const { action, peer } = portProbeAction(scene, local);
    return { action, resourceRole: "TARGET", peer: peer.ip };
  }
  const peer = remote(scene);
  const { action, role } = networkConnectionAction(scene, local, peer);
  return { action, resourceRole: role, peer: peer.ip };
}
