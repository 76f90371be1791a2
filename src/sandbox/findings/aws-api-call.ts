/** `awsApiCallAction` for the CloudTrail-sourced families (IAM, S3). */

import type { Rng } from "../random.js";
import { APPS, ROLE_NAMES, type UserSpec } from "./inventory.js";
import { GEOS, type Remote, remote, remoteIpDetails } from "./remote.js";
import type { Parts, Scene } from "./scene.js";
import { threatFamilyName, threatPurpose } from "./type-name.js";
import { awsId, type Json, uuid } from "./values.js";

export interface ApiCall {
  api: string;
  serviceName: string;
  /** CloudFormation resource type named in `affectedResources`. */
  affects?: string;
}

const API_BY_PURPOSE: Record<string, readonly ApiCall[]> = {
  CredentialAccess: [
    {
      api: "GetSecretValue",
      serviceName: "secretsmanager.amazonaws.com",
      affects: "AWS::SecretsManager::Secret",
    },
    { api: "GetPasswordData", serviceName: "ec2.amazonaws.com", affects: "AWS::EC2::Instance" },
  ],
  DefenseEvasion: [
    { api: "DeleteFlowLogs", serviceName: "ec2.amazonaws.com", affects: "AWS::EC2::FlowLog" },
    { api: "DisableKey", serviceName: "kms.amazonaws.com", affects: "AWS::KMS::Key" },
  ],
  Discovery: [
    { api: "ListRoles", serviceName: "iam.amazonaws.com" },
    { api: "DescribeInstances", serviceName: "ec2.amazonaws.com" },
    { api: "ListBuckets", serviceName: "s3.amazonaws.com" },
  ],
  Exfiltration: [
    {
      api: "ModifySnapshotAttribute",
      serviceName: "ec2.amazonaws.com",
      affects: "AWS::EC2::Snapshot",
    },
    { api: "CreateSnapshot", serviceName: "ec2.amazonaws.com", affects: "AWS::EC2::Volume" },
  ],
  Impact: [
    { api: "TerminateInstances", serviceName: "ec2.amazonaws.com", affects: "AWS::EC2::Instance" },
    // Stolen credentials spent on model invocations ("LLMjacking").
    { api: "InvokeModel", serviceName: "bedrock.amazonaws.com" },
    { api: "Converse", serviceName: "bedrock.amazonaws.com" },
    {
      api: "DeleteSecurityGroup",
      serviceName: "ec2.amazonaws.com",
      affects: "AWS::EC2::SecurityGroup",
    },
  ],
  InitialAccess: [
    { api: "ConsoleLogin", serviceName: "signin.amazonaws.com" },
    { api: "GetSessionToken", serviceName: "sts.amazonaws.com" },
  ],
  Persistence: [
    { api: "CreateAccessKey", serviceName: "iam.amazonaws.com", affects: "AWS::IAM::User" },
    { api: "CreateUser", serviceName: "iam.amazonaws.com", affects: "AWS::IAM::User" },
  ],
  PrivilegeEscalation: [
    { api: "AttachUserPolicy", serviceName: "iam.amazonaws.com", affects: "AWS::IAM::User" },
    { api: "PutRolePolicy", serviceName: "iam.amazonaws.com", affects: "AWS::IAM::Role" },
  ],
  Stealth: [
    {
      api: "StopLogging",
      serviceName: "cloudtrail.amazonaws.com",
      affects: "AWS::CloudTrail::Trail",
    },
  ],
  Policy: [{ api: "ListAccessKeys", serviceName: "iam.amazonaws.com", affects: "AWS::IAM::User" }],
};

const API_BY_FAMILY_NAME: Record<string, ApiCall> = {
  BedrockLoggingDisabled: {
    api: "DeleteModelInvocationLoggingConfiguration",
    serviceName: "bedrock.amazonaws.com",
  },
  CloudTrailLoggingDisabled: {
    api: "DeleteTrail",
    serviceName: "cloudtrail.amazonaws.com",
    affects: "AWS::CloudTrail::Trail",
  },
  PasswordPolicyChange: { api: "UpdateAccountPasswordPolicy", serviceName: "iam.amazonaws.com" },
  ConsoleLoginSuccess: { api: "ConsoleLogin", serviceName: "signin.amazonaws.com" },
  InstanceCredentialExfiltration: {
    api: "DescribeInstances",
    serviceName: "ec2.amazonaws.com",
    affects: "AWS::EC2::Instance",
  },
  ResourceCredentialExfiltration: { api: "ListBuckets", serviceName: "s3.amazonaws.com" },
};

export const S3_API_BY_TYPE: readonly [RegExp, readonly string[]][] = [
  [/AccountBlockPublicAccessDisabled/, ["PutAccountPublicAccessBlock"]],
  [
    /BucketBlockPublicAccessDisabled/,
    ["PutBucketPublicAccessBlock", "DeleteBucketPublicAccessBlock"],
  ],
  [/BucketPublicAccessGranted|BucketAnonymousAccessGranted/, ["PutBucketPolicy", "PutBucketAcl"]],
  [/ServerAccessLoggingDisabled/, ["PutBucketLogging"]],
  [/AnomalousBehavior\.Delete/, ["DeleteObject", "DeleteObjects"]],
  [/AnomalousBehavior\.Permission/, ["PutBucketAcl", "PutObjectAcl"]],
  [/AnomalousBehavior\.Write/, ["PutObject"]],
  [/^Exfiltration/, ["GetObject", "CopyObject"]],
  [/^Impact/, ["DeleteObject", "PutObject"]],
  [/./, ["ListObjects", "GetBucketAcl", "GetBucketPolicy", "HeadBucket"]],
];

const PENTEST_AGENTS: Record<string, string> = {
  KaliLinux: "aws-cli/2.15.30 Python/3.11.8 Linux/6.6.9-amd64 exe/x86_64.kali.2024",
  ParrotLinux: "aws-cli/2.13.0 Python/3.11.4 Linux/6.5.0-13parrot1-amd64 exe/x86_64.parrot.5",
  PentooLinux: "aws-cli/2.12.1 Python/3.11.3 Linux/6.1.31-pentoo exe/x86_64.gentoo.2.14",
};
const USER_AGENTS = [
  "aws-cli/2.15.30 Python/3.11.8 Linux/5.10.210-201.852.amzn2.x86_64 exe/x86_64.amzn.2",
  "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.12.2",
  "aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/iam#1.31.3",
  "console.amazonaws.com",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0",
  "aws-sdk-js/3.540.0 ua/2.0 os/linux#5.15 lang/js md/nodejs#20.12.0",
];

function userAgentFor(rng: Rng, type: string): string {
  return PENTEST_AGENTS[threatFamilyName(type)] ?? rng.pick(USER_AGENTS);
}

/** A name that fits the CloudFormation type an API call touched, for `affectedResources`. */
function affectedName(scene: Scene, cfnType: string, user: UserSpec): string {
  const { rng, inventory } = scene;
  if (cfnType === "AWS::EC2::Instance") return rng.pick(inventory.instances).instanceId;
  if (cfnType === "AWS::S3::Bucket") return rng.pick(inventory.buckets).name;
  if (cfnType === "AWS::IAM::User")
    return user.userType === "IAMUser" ? user.userName : "svc-backup";
  if (cfnType === "AWS::IAM::Role") return rng.pick(ROLE_NAMES);
  if (cfnType === "AWS::EC2::SecurityGroup") return awsId(rng, "sg");
  if (cfnType === "AWS::EC2::Snapshot") return awsId(rng, "snap");
  if (cfnType === "AWS::EC2::Volume") return awsId(rng, "vol");
  if (cfnType === "AWS::EC2::FlowLog") return awsId(rng, "fl");
  if (cfnType === "AWS::CloudTrail::Trail") return "management-events";
  if (cfnType === "AWS::KMS::Key") return uuid(rng);
  return `prod/${rng.pick(APPS)}/credentials`;
}

interface ApiCallOptions {
  call: ApiCall;
  user: UserSpec;
  /** `affectedResources` to report; absent means "derive from the API's resource type". */
  affected?: Record<string, string> | undefined;
}

/** AWS services whose accounts call into customers' accounts, as `remoteAccountDetails` names them. */
const AWS_SERVICE_CALLERS = ["Amazon SageMaker", "AWS Glue", "AWS CodeBuild"];

export interface ApiCallResult {
  action: Json;
  peer: string;
  /** The calling address, when the caller was identified by one. */
  caller?: Remote | undefined;
}

export function awsApiCallAction(scene: Scene, options: ApiCallOptions): ApiCallResult {
  const { rng, info } = scene;
  const { call, user } = options;
  const apiCall: Json = {
    api: call.api,
    callerType: "Remote IP",
    serviceName: call.serviceName,
    userAgent: userAgentFor(rng, info.type),
  };
  let peer: string;
  let caller: Remote | undefined;
  // AWS services calling on a principal's behalf are identified by domain, not by address.
  if (
    !/MaliciousIPCaller|TorIPCaller|PenTest|Exfiltration\.OutsideAWS/.test(info.type) &&
    rng.chance(0.12)
  ) {
    const domain = rng.pick([
      "cloudformation.amazonaws.com",
      "ec2.amazonaws.com",
      "lambda.amazonaws.com",
    ]);
    apiCall.callerType = "Domain";
    apiCall.domainDetails = { domain };
    peer = domain;
  } else {
    caller = remote(scene);
    apiCall.remoteIpDetails = remoteIpDetails(caller);
    peer = caller.ip;
  }
  if (rng.chance(0.12)) apiCall.errorCode = rng.pick(["AccessDenied", "UnauthorizedOperation"]);
  if (info.type.includes("InsideAWS") || rng.chance(0.1)) {
    const remoteAccount: Json = {
      accountId: String(100000000000 + rng.int(0, 899999999) * 1000 + rng.int(0, 999)),
      affiliated: !info.type.includes("InsideAWS") && rng.chance(0.5),
    };
    if (!remoteAccount.affiliated && rng.chance(0.3)) {
      remoteAccount.awsServiceName = rng.pick(AWS_SERVICE_CALLERS);
    }
    apiCall.remoteAccountDetails = remoteAccount;
  }
  if (options.affected) apiCall.affectedResources = options.affected;
  else if (call.affects && rng.chance(0.85)) {
    apiCall.affectedResources = { [call.affects]: affectedName(scene, call.affects, user) };
  }
  return { action: { actionType: "AWS_API_CALL", awsApiCallAction: apiCall }, peer, caller };
}

export function iamApiCall(rng: Rng, type: string): ApiCall {
  const byName = API_BY_FAMILY_NAME[threatFamilyName(type)];
  if (byName) return byName;
  const purpose = threatPurpose(type);
  return rng.pick(API_BY_PURPOSE[purpose] ?? API_BY_PURPOSE.Discovery ?? []);
}

export function pickUser(scene: Scene): UserSpec {
  const { rng, inventory, info } = scene;
  const users = inventory.users;
  if (info.type.includes("RootCredentialUsage")) return users[0] ?? rng.pick(users);
  if (info.type.includes("CredentialExfiltration")) {
    return users.find((user) => user.userType === "AssumedRole") ?? rng.pick(users);
  }
  return users[rng.int(1, users.length - 1)] ?? rng.pick(users);
}

/** Where an anomalous call came from, as the anomaly model profiles it. */
interface CallOrigin {
  asn: string;
  asnOrg: string;
  hourOfDay: number;
}

function callOrigin(scene: Scene, caller: Remote | undefined): CallOrigin {
  const { rng } = scene;
  const geo = caller?.geo ?? rng.pick(GEOS);
  return { asn: geo.asn, asnOrg: geo.asnOrg, hourOfDay: rng.int(0, 23) };
}

/** The `additionalInfo` of an AnomalousBehavior finding: what was unusual, and what is usual. */
function anomalyAdditionalInfo(call: ApiCall, user: UserSpec, origin: CallOrigin): Json {
  return {
    unusual: {
      apis: [call.api],
      userNames: [user.userName],
      asns: [origin.asn],
      asnOrg: origin.asnOrg,
      hoursOfDay: [origin.hourOfDay],
    },
    anomalies: { anomalousAPIs: `${call.serviceName}:${call.api}` },
    profiledBehavior: { frequentProfiledApis: ["DescribeInstances", "GetCallerIdentity"] },
  };
}

function anomalyObject(type: string, subtype: string, observations: Json): Json {
  return { profileType: type, profileSubtype: subtype, observations };
}

/**
 * `service.detection.anomaly`: the profiles GuardDuty's anomaly model holds for the account and
 * the user, and which observations of this activity broke them. The model leaves the map keys
 * open; they name the profiled entity, then the profiled feature.
 */
function anomalyDetection(scene: Scene, call: ApiCall, origin: CallOrigin): Json {
  const { rng } = scene;
  const usualHour = (origin.hourOfDay + rng.int(6, 18)) % 24;
  return {
    profiles: {
      ACCOUNT: {
        API: [
          anomalyObject("FREQUENCY", "FREQUENT", {
            text: ["DescribeInstances", "GetCallerIdentity"],
          }),
        ],
        ASN: [anomalyObject("FREQUENCY", "FREQUENT", { text: ["Amazon.com, Inc."] })],
      },
      USER: {
        API: [anomalyObject("FREQUENCY", rng.pick(["RARE", "INFREQUENT"]), { text: [call.api] })],
        HOUR_OF_DAY: [anomalyObject("FREQUENCY", "FREQUENT", { number: [usualHour] })],
        API_VOLUME: [anomalyObject("VOLUME", "AVERAGE", { number: [rng.int(2, 40)] })],
      },
    },
    unusual: {
      behavior: {
        USER: {
          API: anomalyObject("FREQUENCY", "UNSEEN", { text: [call.api] }),
          ASN: anomalyObject("FREQUENCY", "UNSEEN", { text: [origin.asnOrg] }),
          HOUR_OF_DAY: anomalyObject("FREQUENCY", "RARE", { number: [origin.hourOfDay] }),
        },
        ACCOUNT: {
          API_VOLUME: anomalyObject("VOLUME", "COUNT", { number: [rng.int(50, 900)] }),
        },
      },
    },
  };
}

/** Both views of an AnomalousBehavior finding: additionalInfo and `detection.anomaly`. */
export function addAnomaly(
  scene: Scene,
  parts: Parts,
  call: ApiCall,
  user: UserSpec,
  caller: Remote | undefined,
): void {
  const origin = callOrigin(scene, caller);
  parts.additional = anomalyAdditionalInfo(call, user, origin);
  parts.service.detection = { anomaly: anomalyDetection(scene, call, origin) };
}
