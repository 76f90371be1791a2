/** Kubernetes findings: EKS audit log detections, with the RBAC details GuardDuty adds. */

import type { Rng } from "../random.js";
import { APPS, ROLE_NAMES, USER_NAMES } from "./inventory.js";
import { remote, remoteIpDetails } from "./remote.js";
import { container, eksClusterDetails, serviceAccountMount } from "./resources.js";
import { newParts, type Parts, type Scene } from "./scene.js";
import { threatPurpose } from "./type-name.js";
import { hexId, type Json, upperAlnum, uuid } from "./values.js";

interface KubeCall {
  verb: string;
  resource: string;
  namespace: string;
  subresource?: string;
  resourceName?: string;
}

function kubeCall(rng: Rng, type: string): KubeCall {
  const name = `${rng.pick(APPS)}-${hexId(rng, 5)}`;
  if (type.includes("SecretsAccessed") || threatPurpose(type) === "CredentialAccess") {
    return {
      verb: rng.pick(["get", "list"]),
      resource: "secrets",
      namespace: rng.pick(["default", "kube-system"]),
    };
  }
  if (type.includes("ExecInKubeSystemPod")) {
    return {
      verb: "create",
      resource: "pods",
      subresource: "exec",
      namespace: "kube-system",
      resourceName: `aws-node-${hexId(rng, 5)}`,
    };
  }
  if (type.includes("ExecInPod")) {
    return {
      verb: "create",
      resource: "pods",
      subresource: "exec",
      namespace: "default",
      resourceName: name,
    };
  }
  if (
    type.includes("RoleBindingCreated") ||
    /AdminAccessToDefaultServiceAccount|AnonymousAccessGranted/.test(type)
  ) {
    return {
      verb: "create",
      resource: "clusterrolebindings",
      namespace: "",
      resourceName: `${name}-binding`,
    };
  }
  if (type.includes("RoleCreated")) {
    return {
      verb: "create",
      resource: "clusterroles",
      namespace: "",
      resourceName: `${name}-role`,
    };
  }
  if (type.includes("PermissionChecked")) {
    return { verb: "create", resource: "selfsubjectaccessreviews", namespace: "" };
  }
  if (/WorkloadDeployed|PrivilegedContainer|SensitiveMount/.test(type)) {
    return {
      verb: "create",
      resource: rng.pick(["pods", "deployments", "daemonsets"]),
      namespace: "default",
      resourceName: name,
    };
  }
  if (/ExposedDashboard|KubeflowDashboardExposed/.test(type)) {
    return {
      verb: "create",
      resource: "services",
      namespace: type.includes("Kubeflow") ? "kubeflow" : "kubernetes-dashboard",
      resourceName: "dashboard",
    };
  }
  const purpose = threatPurpose(type);
  if (purpose === "Impact")
    return { verb: "delete", resource: "deployments", namespace: "default", resourceName: name };
  if (purpose === "Persistence")
    return { verb: "create", resource: "daemonsets", namespace: "kube-system", resourceName: name };
  if (purpose === "DefenseEvasion")
    return { verb: "delete", resource: "events", namespace: "default" };
  return { verb: "list", resource: rng.pick(["pods", "nodes", "namespaces"]), namespace: "" };
}

function requestUri(call: KubeCall): string {
  const group = /clusterrole|role/.test(call.resource)
    ? "/apis/rbac.authorization.k8s.io/v1"
    : call.resource === "deployments" || call.resource === "daemonsets"
      ? "/apis/apps/v1"
      : call.resource === "selfsubjectaccessreviews"
        ? "/apis/authorization.k8s.io/v1"
        : "/api/v1";
  let uri = group;
  if (call.namespace) uri += `/namespaces/${call.namespace}`;
  uri += `/${call.resource}`;
  if (call.resourceName && call.verb !== "create") uri += `/${call.resourceName}`;
  if (call.subresource && call.resourceName)
    uri = `${group}/namespaces/${call.namespace}/${call.resource}/${call.resourceName}/${call.subresource}?command=sh`;
  return uri;
}

function kubernetesUserDetails(scene: Scene): Json {
  const { rng, info, ctx } = scene;
  if (/Anonymous/.test(info.type) && !info.type.includes("AnonymousAccessGranted")) {
    return {
      username: "system:anonymous",
      uid: "",
      groups: ["system:unauthenticated"],
      sessionName: [],
    };
  }
  const role = rng.pick(ROLE_NAMES);
  const session = `${rng.pick(USER_NAMES)}-session`;
  const details: Json = {
    username: rng.chance(0.7)
      ? `arn:aws:sts::${ctx.accountId}:assumed-role/${role}/${session}`
      : `system:serviceaccount:default:${rng.pick(APPS)}`,
    uid: `aws-iam-authenticator:${ctx.accountId}:AROA${upperAlnum(rng, 17)}`,
    groups: rng.chance(0.3) ? ["system:masters", "system:authenticated"] : ["system:authenticated"],
    sessionName: [session],
  };
  // `kubectl --as ... --as-group ...`: the audit log names both the caller and whom it acted as.
  if (rng.chance(0.15)) details.impersonatedUser = rng.pick(IMPERSONATED_USERS);
  return details;
}

const IMPERSONATED_USERS: readonly Json[] = [
  { username: "system:admin", groups: ["system:masters"] },
  {
    username: "system:serviceaccount:kube-system:cluster-autoscaler",
    groups: ["system:serviceaccounts", "system:serviceaccounts:kube-system"],
  },
  { username: "ops-break-glass", groups: ["system:authenticated", "ops:admins"] },
];

const SENSITIVE_MOUNTS = ["/", "/etc", "/var/run/docker.sock", "/root/.ssh", "/var/lib/kubelet"];

export function kubernetesWorkloadDetails(scene: Scene, namespace: string, name: string): Json {
  const { rng, info } = scene;
  const privileged = info.type.includes("PrivilegedContainer") || rng.chance(0.05);
  const sensitive = info.type.includes("SensitiveMount") || rng.chance(0.05);
  const mount = sensitive ? { name: "host-root", path: rng.pick(SENSITIVE_MOUNTS) } : undefined;
  const tokenMount = serviceAccountMount(rng);
  return {
    name,
    type: rng.pick(["pods", "deployments", "daemonsets", "jobs"]),
    uid: uuid(rng),
    namespace: namespace || "default",
    hostNetwork: privileged && rng.chance(0.5),
    serviceAccountName: info.type.includes("DefaultServiceAccount") ? "default" : `${name}-sa`,
    containers: [
      container(rng, {
        privileged,
        mount: mount ? { name: mount.name, path: "/host" } : tokenMount,
      }),
    ],
    volumes: mount ? [{ name: mount.name, hostPath: { path: mount.path } }] : [],
    hostIPC: privileged && rng.chance(0.3),
    hostPID: privileged && rng.chance(0.3),
  };
}

const WORKLOAD_RESOURCES = new Set(["pods", "deployments", "daemonsets"]);

/** The `kind` an API request body carries for each REST resource. */
const KIND_BY_RESOURCE: Record<string, string> = {
  pods: "Pod",
  deployments: "Deployment",
  daemonsets: "DaemonSet",
  services: "Service",
  clusterroles: "ClusterRole",
  clusterrolebindings: "ClusterRoleBinding",
  selfsubjectaccessreviews: "SelfSubjectAccessReview",
};

export function kubernetesParts(scene: Scene): Parts {
  const { rng, info, inventory } = scene;
  const cluster = rng.pick(inventory.eksClusters);
  const call = kubeCall(rng, info.type);
  const workloadName =
    call.resourceName && WORKLOAD_RESOURCES.has(call.resource)
      ? call.resourceName
      : `${rng.pick(APPS)}-${hexId(rng, 5)}`;
  const kubernetesDetails: Json = { kubernetesUserDetails: kubernetesUserDetails(scene) };
  if (/Workload|Container|Exec|Mount/.test(info.type) || rng.chance(0.5)) {
    kubernetesDetails.kubernetesWorkloadDetails = kubernetesWorkloadDetails(
      scene,
      call.namespace,
      workloadName,
    );
  }
  const parts = newParts(
    {
      resourceType: "EKSCluster",
      eksClusterDetails: eksClusterDetails(cluster),
      kubernetesDetails,
    },
    `EKS cluster ${cluster.name}`,
  );
  const caller = remote(scene);
  const apiCall: Json = {
    requestUri: requestUri(call),
    verb: call.verb,
    sourceIPs: [caller.ip],
    userAgent: rng.pick([
      "kubectl/v1.29.3 (linux/amd64) kubernetes/6813625",
      "Go-http-client/2.0",
      "python-requests/2.31.0",
    ]),
    remoteIpDetails: remoteIpDetails(caller),
    statusCode: call.verb === "create" ? 201 : rng.chance(0.1) ? 403 : 200,
    resource: call.resource,
  };
  if (call.subresource) apiCall.subresource = call.subresource;
  if (call.namespace) apiCall.namespace = call.namespace;
  if (call.resourceName) apiCall.resourceName = call.resourceName;
  if (call.verb === "create") {
    apiCall.parameters = JSON.stringify({
      kind: KIND_BY_RESOURCE[call.resource] ?? call.resource,
      metadata: { name: call.resourceName ?? "review" },
    });
  }
  const action: Json = { actionType: "KUBERNETES_API_CALL", kubernetesApiCallAction: apiCall };
  addKubernetesRbacDetails(scene, action, call);
  parts.action = action;
  parts.peer = caller.ip;
  return parts;
}

function addKubernetesRbacDetails(scene: Scene, action: Json, call: KubeCall): void {
  const { rng, info } = scene;
  if (info.type.includes("PermissionChecked")) {
    action.kubernetesPermissionCheckedDetails = {
      verb: rng.pick(["create", "get", "delete"]),
      resource: rng.pick(["secrets", "pods", "clusterrolebindings"]),
      namespace: "kube-system",
      allowed: rng.chance(0.3),
    };
  }
  if (call.resource === "clusterrolebindings") {
    action.kubernetesRoleBindingDetails = {
      kind: "ClusterRoleBinding",
      name: call.resourceName ?? "binding",
      uid: uuid(rng),
      roleRefName: "cluster-admin",
      roleRefKind: "ClusterRole",
    };
  }
  if (call.resource === "clusterroles") {
    action.kubernetesRoleDetails = {
      kind: "ClusterRole",
      name: call.resourceName ?? "role",
      uid: uuid(rng),
    };
  }
}
