/** `service.evidence`: the threat lists an address or domain was found on. */
import type { Parts, Scene } from "./scene.js";
import { THREAT_LIST_PATTERN, threatFamilyName } from "./type-name.js";
import { deepFreeze, type Json } from "./values.js";

const THREAT_LISTS = ["ProofPoint", "CrowdStrike", "Amazon", "Emerging Threats", "abuse.ch"];
const CUSTOM_THREAT_LISTS = ["SecOpsBlocklist", "PartnerThreatIntel", "IncidentIOCs"];
const THREAT_NAMES: Record<string, readonly string[]> = {
  "C&CActivity": ["Cobalt Strike", "Sliver C2", "Mirai"],
  BitcoinTool: ["CoinMiner", "XMRig pool"],
  BlackholeTraffic: ["Sinkholed host"],
  DropPoint: ["Credential drop point"],
  DGADomainRequest: ["DGA domain"],
  DriveBySourceTraffic: ["Exploit kit"],
  PhishingDomainRequest: ["Phishing"],
  Spambot: ["Spam relay"],
  TorIPCaller: ["Tor exit node"],
  TorClient: ["Tor entry node"],
  TorRelay: ["Tor relay"],
};

const evidenceCache = new Map<string, Json>();

function evidenceFor(threatListName: string, threatName: string): Json {
  const key = `${threatListName}\n${threatName}`;
  let evidence = evidenceCache.get(key);
  if (!evidence) {
    evidence = deepFreeze({
      threatIntelligenceDetails: [{ threatListName, threatNames: [threatName] }],
    });
    evidenceCache.set(key, evidence);
  }
  return evidence;
}

/** `service.evidence` and the threat-list name GuardDuty also writes into additionalInfo. */
export function threatEvidence(scene: Scene, parts: Parts): void {
  const { rng, info } = scene;
  if (!THREAT_LIST_PATTERN.test(info.type)) return;
  const threatListName = info.type.includes(".Custom")
    ? rng.pick(CUSTOM_THREAT_LISTS)
    : rng.pick(THREAT_LISTS);
  const names = THREAT_NAMES[threatFamilyName(info.type)] ?? ["Malicious IP"];
  const threatName = rng.pick(names);
  parts.service.evidence = evidenceFor(threatListName, threatName);
  parts.additional.threatListName = threatListName;
  parts.additional.threatName = threatName;
}
