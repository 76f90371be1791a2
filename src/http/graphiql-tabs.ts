/**
 * GraphiQL's opening tabs: one per example operation in `schema/operations/`, with variables
 * that run as they are against the gateway's first detector (when the gateway knows it, as with
 * the embedded sandbox). GraphiQL uses them only while the browser has no tabs of its own saved.
 */
import { readdirSync, readFileSync } from "node:fs";

/** `schema/operations/` seen from this file, in `src/http/` and in `dist/http/` alike. */
const OPERATIONS_DIR = new URL("../../schema/operations/", import.meta.url);

export interface GraphiQLTab {
  query: string;
  variables?: string;
}

/** The detector the example variables name. */
export interface ExampleDetector {
  detectorId: string;
  region: string;
}

/** GuardDuty finding types (the user guide's "Finding types" pages) the examples filter on. */
const ATTACK_SEQUENCE_TYPES = [
  "AttackSequence:EC2/CompromisedInstanceGroup",
  "AttackSequence:ECS/CompromisedCluster",
  "AttackSequence:EKS/CompromisedCluster",
  "AttackSequence:IAM/CompromisedCredentials",
  "AttackSequence:S3/CompromisedData",
];
const RUNTIME_TYPES = [
  "Execution:Runtime/ReverseShell",
  "Execution:Runtime/NewBinaryExecuted",
  "Execution:Runtime/SuspiciousTool",
  "CryptoCurrency:Runtime/BitcoinTool.B",
  "DefenseEvasion:Runtime/FilelessExecution",
  "PrivilegeEscalation:Runtime/ContainerMountsHostDirectory",
  "PrivilegeEscalation:Runtime/RuncContainerEscape",
  "Impact:Runtime/CryptoMinerExecuted",
];

/** Shown when the gateway cannot name a detector: `detectors { detectorId region }` lists them. */
const DETECTOR_PLACEHOLDER: ExampleDetector = { detectorId: "<detectorId>", region: "us-east-1" };

/** Variables of each example operation, by the name of the operation that needs them. */
export function exampleVariables(
  operationName: string,
  detector: ExampleDetector = DETECTOR_PLACEHOLDER,
): Record<string, unknown> | undefined {
  const onDetector = { detectorId: detector.detectorId, region: detector.region };
  switch (operationName) {
    case "RecentFindings":
      return { first: 10, filter: { severityLevels: ["HIGH", "CRITICAL"], archived: false } };
    case "AttackSequences":
      return { ...onDetector, types: ATTACK_SEQUENCE_TYPES };
    case "RuntimeFindings":
      return { ...onDetector, types: RUNTIME_TYPES };
    case "DetectorMembers":
    case "FindingsBySeverity":
      return onDetector;
    default:
      return undefined;
  }
}

/** The name of a document's first operation (`query Name(` / `mutation Name {`). */
export function firstOperationName(document: string): string | undefined {
  return /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/m.exec(document)?.[1];
}

export interface ExampleOperation {
  file: string;
  document: string;
}

/** The tab GraphiQL opens on: the first question of a security engineer (recent findings). */
const FIRST_FILE = "recent-findings.graphql";

/** The example operations, the recent findings first, then by file name. */
export function exampleOperations(): ExampleOperation[] {
  return readdirSync(OPERATIONS_DIR)
    .filter((file) => file.endsWith(".graphql"))
    .sort((a, b) => Number(b === FIRST_FILE) - Number(a === FIRST_FILE) || a.localeCompare(b))
    .map((file) => ({ file, document: readFileSync(new URL(file, OPERATIONS_DIR), "utf8") }));
}

export function exampleTabs(detector?: ExampleDetector): GraphiQLTab[] {
  return exampleOperations().map(({ document }) => {
    const name = firstOperationName(document);
    const variables = name ? exampleVariables(name, detector) : undefined;
    return variables
      ? { query: document, variables: JSON.stringify(variables, null, 2) }
      : { query: document };
  });
}
