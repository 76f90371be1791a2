import type { Resource, Service } from "@aws-sdk/client-guardduty";
import {
  type ExecutionResult,
  type GraphQLObjectType,
  type GraphQLSchema,
  GraphQLUnionType,
  graphql,
  isListType,
  isNonNullType,
  isObjectType,
} from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { builder } from "../../src/graphql/builder.js";
import "../../src/graphql/types/finding-resource.js";
import "../../src/graphql/types/finding-service.js";
import { FindingResource, FindingService } from "../../src/graphql/types/generated/finding.js";

/**
 * Exercises the finding `resource`/`service` types against SDK-shaped data (PascalCase members,
 * Date objects for model Timestamps, ISO strings for string "timestamps").
 *
 * The Query type here is test-only: vitest gives each test file its own module graph, so
 * defining it on the shared builder does not clash with the real schema module, which this
 * file does not import.
 */

interface Sample {
  resource: Resource;
  service: Service;
}

const remoteIp = {
  City: { CityName: "Amsterdam" },
  Country: { CountryCode: "NL", CountryName: "Netherlands" },
  GeoLocation: { Lat: 52.3676, Lon: 4.9041 },
  IpAddressV4: "198.51.100.23",
  Organization: { Asn: "64496", AsnOrg: "ExampleNet B.V.", Isp: "ExampleNet", Org: "ExampleNet" },
};

const instance = {
  AvailabilityZone: "us-east-1a",
  IamInstanceProfile: {
    Arn: "arn:aws:iam::111122223333:instance-profile/web",
    Id: "AIPAEXAMPLEPROFILE",
  },
  ImageDescription: "Amazon Linux 2023",
  ImageId: "ami-0abcdef1234567890",
  InstanceId: "i-0123456789abcdef0",
  InstanceState: "running",
  InstanceType: "m5.large",
  LaunchTime: "2024-02-28T08:15:00.000Z",
  Platform: "linux",
  NetworkInterfaces: [
    {
      Ipv6Addresses: ["2001:db8::10"],
      NetworkInterfaceId: "eni-0a1b2c3d4e5f67890",
      PrivateDnsName: "ip-10-0-1-25.ec2.internal",
      PrivateIpAddress: "10.0.1.25",
      PrivateIpAddresses: [
        { PrivateDnsName: "ip-10-0-1-25.ec2.internal", PrivateIpAddress: "10.0.1.25" },
      ],
      PublicDnsName: "ec2-203-0-113-10.compute-1.amazonaws.com",
      PublicIp: "203.0.113.10",
      SecurityGroups: [{ GroupId: "sg-0123456789abcdef0", GroupName: "web-open-ssh" }],
      SubnetId: "subnet-0123456789abcdef0",
      VpcId: "vpc-0123456789abcdef0",
    },
  ],
  ProductCodes: [{ Code: "abc123productcode", ProductType: "marketplace" }],
  Tags: [{ Key: "env", Value: "prod" }],
} satisfies Resource["InstanceDetails"];

const serviceBase = {
  Archived: false,
  Count: 3,
  DetectorId: "12abc34d567e8fa901bc2d34e56789f0",
  EventFirstSeen: "2024-03-01T09:00:00.000Z",
  EventLastSeen: "2024-03-01T11:30:00.000Z",
  ResourceRole: "TARGET",
  ServiceName: "guardduty",
} satisfies Service;

const SAMPLES: Record<string, Sample> = {
  ec2Network: {
    resource: { ResourceType: "Instance", InstanceDetails: instance },
    service: {
      ...serviceBase,
      FeatureName: "FlowLogs",
      UserFeedback: "USEFUL",
      AdditionalInfo: { Value: '{"unusualProtocol":"SSH"}', Type: "default" },
      Evidence: {
        ThreatIntelligenceDetails: [{ ThreatListName: "ProofPoint", ThreatNames: ["BruteForce"] }],
      },
      Action: {
        ActionType: "NETWORK_CONNECTION",
        NetworkConnectionAction: {
          Blocked: false,
          ConnectionDirection: "INBOUND",
          Protocol: "TCP",
          LocalPortDetails: { Port: 22, PortName: "SSH" },
          LocalIpDetails: { IpAddressV4: "10.0.1.25" },
          LocalNetworkInterface: "eni-0a1b2c3d4e5f67890",
          RemoteIpDetails: remoteIp,
          RemotePortDetails: { Port: 51234, PortName: "Unknown" },
        },
      },
    },
  },
  iamApiCall: {
    resource: {
      ResourceType: "AccessKey",
      AccessKeyDetails: {
        AccessKeyId: "AKIAIOSFODNN7EXAMPLE",
        PrincipalId: "AIDACKCEVSQ6C2EXAMPLE",
        UserName: "deploy-bot",
        UserType: "IAMUser",
      },
    },
    service: {
      ...serviceBase,
      Action: {
        ActionType: "AWS_API_CALL",
        AwsApiCallAction: {
          Api: "PutBucketPolicy",
          CallerType: "Remote IP",
          ServiceName: "s3.amazonaws.com",
          UserAgent: "aws-cli/2.15.0",
          ErrorCode: "AccessDenied",
          DomainDetails: { Domain: "example.com" },
          RemoteIpDetails: remoteIp,
          RemoteAccountDetails: { AccountId: "444455556666", Affiliated: false },
          AffectedResources: {
            "AWS::S3::Bucket": "customer-exports",
            "AWS::IAM::Role": "arn:aws:iam::111122223333:role/exporter",
          },
        },
      },
    },
  },
  dns: {
    resource: { ResourceType: "Instance", InstanceDetails: { InstanceId: "i-0fedcba9876543210" } },
    service: {
      ...serviceBase,
      Action: {
        ActionType: "DNS_REQUEST",
        DnsRequestAction: {
          Domain: "pool.minexmr.example",
          Protocol: "UDP",
          Blocked: true,
          DomainWithSuffix: "minexmr.example",
          VpcOwnerAccountId: "111122223333",
        },
      },
    },
  },
  portProbe: {
    resource: { ResourceType: "Instance", InstanceDetails: instance },
    service: {
      ...serviceBase,
      Action: {
        ActionType: "PORT_PROBE",
        PortProbeAction: {
          Blocked: false,
          PortProbeDetails: [
            {
              LocalPortDetails: { Port: 3389, PortName: "RDP" },
              LocalIpDetails: { IpAddressV4: "10.0.1.25" },
              RemoteIpDetails: remoteIp,
            },
          ],
        },
      },
    },
  },
  kubernetes: {
    resource: {
      ResourceType: "EKSCluster",
      EksClusterDetails: {
        Name: "prod-cluster",
        Arn: "arn:aws:eks:us-east-1:111122223333:cluster/prod-cluster",
        VpcId: "vpc-0123456789abcdef0",
        Status: "ACTIVE",
        Tags: [{ Key: "team", Value: "platform" }],
        CreatedAt: new Date("2023-06-01T12:00:00Z"),
      },
      KubernetesDetails: {
        KubernetesUserDetails: {
          Username: "system:anonymous",
          Uid: "",
          Groups: ["system:unauthenticated"],
          SessionName: ["attacker-session"],
          ImpersonatedUser: { Username: "admin", Groups: ["system:masters"] },
        },
        KubernetesWorkloadDetails: {
          Name: "debug-pod",
          Type: "pods",
          Uid: "6a1b2c3d-0000-4000-8000-000000000001",
          Namespace: "default",
          HostNetwork: true,
          HostIPC: false,
          HostPID: true,
          ServiceAccountName: "default",
          Containers: [
            {
              Name: "shell",
              Image: "alpine:3.19",
              ImagePrefix: "docker.io",
              VolumeMounts: [{ Name: "host-root", MountPath: "/host" }],
              SecurityContext: { Privileged: true, AllowPrivilegeEscalation: true },
            },
          ],
          Volumes: [{ Name: "host-root", HostPath: { Path: "/" } }],
        },
      },
    },
    service: {
      ...serviceBase,
      ResourceRole: "TARGET",
      Action: {
        ActionType: "KUBERNETES_API_CALL",
        KubernetesApiCallAction: {
          RequestUri: "/api/v1/namespaces/default/pods",
          Verb: "create",
          Resource: "pods",
          Namespace: "default",
          ResourceName: "debug-pod",
          SourceIps: ["198.51.100.23", "10.0.0.5"],
          UserAgent: "kubectl/v1.29.0",
          RemoteIpDetails: remoteIp,
          StatusCode: 201,
          Parameters: '{"dryRun":false}',
        },
        // A second Kubernetes block next to the API call: actionType decides the member.
        KubernetesPermissionCheckedDetails: { Verb: "create", Resource: "pods", Allowed: true },
      },
    },
  },
  s3Rds: {
    resource: {
      ResourceType: "S3Bucket",
      S3BucketDetails: [
        {
          Arn: "arn:aws:s3:::customer-exports",
          Name: "customer-exports",
          Type: "Destination",
          CreatedAt: new Date("2022-01-15T00:00:00Z"),
          Owner: { Id: "79a59df900b949e55d96a1e698fbaced" },
          Tags: [{ Key: "data", Value: "pii" }],
          DefaultServerSideEncryption: { EncryptionType: "aws:kms", KmsMasterKeyArn: "arn:kms" },
          PublicAccess: {
            EffectivePermission: "PUBLIC",
            PermissionConfiguration: {
              BucketLevelPermissions: {
                AccessControlList: {
                  AllowsPublicReadAccess: false,
                  AllowsPublicWriteAccess: false,
                },
                BucketPolicy: { AllowsPublicReadAccess: true, AllowsPublicWriteAccess: false },
                BlockPublicAccess: {
                  IgnorePublicAcls: false,
                  RestrictPublicBuckets: false,
                  BlockPublicAcls: false,
                  BlockPublicPolicy: false,
                },
              },
              AccountLevelPermissions: {
                BlockPublicAccess: {
                  IgnorePublicAcls: false,
                  RestrictPublicBuckets: false,
                  BlockPublicAcls: false,
                  BlockPublicPolicy: false,
                },
              },
            },
          },
        },
      ],
    },
    service: {
      ...serviceBase,
      Action: {
        ActionType: "RDS_LOGIN_ATTEMPT",
        RdsLoginAttemptAction: {
          RemoteIpDetails: remoteIp,
          LoginAttributes: [
            {
              User: "postgres",
              Application: "psql",
              FailedLoginAttempts: 480,
              SuccessfulLoginAttempts: 1,
            },
          ],
        },
      },
    },
  },
  // What a sparse response looks like: the SDK fills in nothing the service left out.
  sparse: {
    resource: {},
    service: { Action: { ActionType: "KUBERNETES_PERMISSION_CHECKED" } },
  },
};

function sample(name: string): Sample {
  const found = SAMPLES[name];
  if (!found) throw new Error(`no sample ${name}`);
  return found;
}

let schema: GraphQLSchema;

beforeAll(() => {
  builder.queryType({
    fields: (t) => ({
      resource: t.field({
        type: FindingResource,
        args: { sample: t.arg.string({ required: true }) },
        resolve: (_root, args) => sample(args.sample).resource,
      }),
      service: t.field({
        type: FindingService,
        args: { sample: t.arg.string({ required: true }) },
        resolve: (_root, args) => sample(args.sample).service,
      }),
    }),
  });
  schema = builder.toSchema();
});

/** Runs a query and fails the test on any GraphQL error. */
async function run(source: string): Promise<Record<string, unknown>> {
  const result: ExecutionResult = await graphql({ schema, source, contextValue: {} });
  expect(result.errors).toBeUndefined();
  return result.data as Record<string, unknown>;
}

const REMOTE_IP = `
  ipAddressV4 ipAddressV6
  city { cityName }
  country { countryCode countryName }
  geoLocation { lat lon }
  organization { asn asnOrg isp org }
`;

const EXPECTED_REMOTE_IP = {
  ipAddressV4: "198.51.100.23",
  ipAddressV6: null,
  city: { cityName: "Amsterdam" },
  country: { countryCode: "NL", countryName: "Netherlands" },
  geoLocation: { lat: 52.3676, lon: 4.9041 },
  organization: { asn: "64496", asnOrg: "ExampleNet B.V.", isp: "ExampleNet", org: "ExampleNet" },
};

const SERVICE_HEADER = `
  __typename actionType archived count detectorId eventFirstSeen eventLastSeen
  resourceRole serviceName userFeedback featureName
  additionalInfo { value type }
  evidence { threatIntelligenceDetails { threatListName threatNames threatFileSha256 } }
`;

describe("FindingResource", () => {
  it("maps an EC2 instance, with nested interfaces, product codes and tags", async () => {
    const data = await run(`{
      resource(sample: "ec2Network") {
        __typename resourceType
        accessKeyDetails { userName }
        s3BucketDetails { name }
        instanceDetails {
          availabilityZone imageDescription imageId instanceId instanceState instanceType
          outpostArn launchTime platform
          iamInstanceProfile { arn id }
          networkInterfaces {
            ipv6Addresses networkInterfaceId privateDnsName privateIpAddress publicDnsName
            publicIp subnetId vpcId
            privateIpAddresses { privateDnsName privateIpAddress }
            securityGroups { groupId groupName }
          }
          productCodes { code productType }
          tags { __typename key value }
        }
      }
    }`);
    expect(data.resource).toEqual({
      __typename: "FindingResource",
      resourceType: "Instance",
      accessKeyDetails: null,
      s3BucketDetails: [],
      instanceDetails: {
        availabilityZone: "us-east-1a",
        imageDescription: "Amazon Linux 2023",
        imageId: "ami-0abcdef1234567890",
        instanceId: "i-0123456789abcdef0",
        instanceState: "running",
        instanceType: "m5.large",
        outpostArn: null,
        launchTime: "2024-02-28T08:15:00.000Z",
        platform: "linux",
        iamInstanceProfile: {
          arn: "arn:aws:iam::111122223333:instance-profile/web",
          id: "AIPAEXAMPLEPROFILE",
        },
        networkInterfaces: [
          {
            ipv6Addresses: ["2001:db8::10"],
            networkInterfaceId: "eni-0a1b2c3d4e5f67890",
            privateDnsName: "ip-10-0-1-25.ec2.internal",
            privateIpAddress: "10.0.1.25",
            publicDnsName: "ec2-203-0-113-10.compute-1.amazonaws.com",
            publicIp: "203.0.113.10",
            subnetId: "subnet-0123456789abcdef0",
            vpcId: "vpc-0123456789abcdef0",
            privateIpAddresses: [
              { privateDnsName: "ip-10-0-1-25.ec2.internal", privateIpAddress: "10.0.1.25" },
            ],
            securityGroups: [{ groupId: "sg-0123456789abcdef0", groupName: "web-open-ssh" }],
          },
        ],
        productCodes: [{ code: "abc123productcode", productType: "marketplace" }],
        tags: [{ __typename: "Tag", key: "env", value: "prod" }],
      },
    });
  });

  it("answers product codes under GuardDuty's names and the released (deprecated) ones", async () => {
    const data = await run(`{
      resource(sample: "ec2Network") {
        instanceDetails { productCodes { productCodeId productCodeType code productType } }
      }
    }`);
    expect(data.resource).toEqual({
      instanceDetails: {
        productCodes: [
          {
            productCodeId: "abc123productcode",
            productCodeType: "marketplace",
            code: "abc123productcode",
            productType: "marketplace",
          },
        ],
      },
    });
    const productCode = schema.getType("InstanceProductCode") as GraphQLObjectType;
    expect(productCode.getFields().code?.deprecationReason).toMatch(/productCodeId/);
    expect(productCode.getFields().productType?.deprecationReason).toMatch(/productCodeType/);
  });

  it("maps an IAM access key", async () => {
    const data = await run(`{
      resource(sample: "iamApiCall") {
        resourceType
        accessKeyDetails { accessKeyId principalId userName userType }
        instanceDetails { instanceId }
      }
    }`);
    expect(data.resource).toEqual({
      resourceType: "AccessKey",
      accessKeyDetails: {
        accessKeyId: "AKIAIOSFODNN7EXAMPLE",
        principalId: "AIDACKCEVSQ6C2EXAMPLE",
        userName: "deploy-bot",
        userType: "IAMUser",
      },
      instanceDetails: null,
    });
  });

  it("maps an EKS cluster and Kubernetes workload, serializing Date timestamps", async () => {
    const data = await run(`{
      resource(sample: "kubernetes") {
        eksClusterDetails { name arn vpcId status createdAt tags { __typename key value } }
        kubernetesDetails {
          kubernetesUserDetails {
            username uid groups sessionName impersonatedUser { username groups }
          }
          kubernetesWorkloadDetails {
            name type uid namespace hostNetwork hostIPC hostPID serviceAccountName
            containers {
              containerRuntime name image imagePrefix
              volumeMounts { name mountPath }
              securityContext { privileged allowPrivilegeEscalation }
            }
            volumes { name hostPath { path } }
          }
        }
      }
    }`);
    expect(data.resource).toEqual({
      eksClusterDetails: {
        name: "prod-cluster",
        arn: "arn:aws:eks:us-east-1:111122223333:cluster/prod-cluster",
        vpcId: "vpc-0123456789abcdef0",
        status: "ACTIVE",
        createdAt: "2023-06-01T12:00:00.000Z",
        tags: [{ __typename: "Tag", key: "team", value: "platform" }],
      },
      kubernetesDetails: {
        kubernetesUserDetails: {
          username: "system:anonymous",
          uid: "",
          groups: ["system:unauthenticated"],
          sessionName: ["attacker-session"],
          impersonatedUser: { username: "admin", groups: ["system:masters"] },
        },
        kubernetesWorkloadDetails: {
          name: "debug-pod",
          type: "pods",
          uid: "6a1b2c3d-0000-4000-8000-000000000001",
          namespace: "default",
          hostNetwork: true,
          hostIPC: false,
          hostPID: true,
          serviceAccountName: "default",
          containers: [
            {
              containerRuntime: null,
              name: "shell",
              image: "alpine:3.19",
              imagePrefix: "docker.io",
              volumeMounts: [{ name: "host-root", mountPath: "/host" }],
              securityContext: { privileged: true, allowPrivilegeEscalation: true },
            },
          ],
          volumes: [{ name: "host-root", hostPath: { path: "/" } }],
        },
      },
    });
  });

  it("maps S3 bucket public-access posture", async () => {
    const data = await run(`{
      resource(sample: "s3Rds") {
        s3BucketDetails {
          arn name type createdAt owner { id } tags { key value }
          defaultServerSideEncryption { encryptionType kmsMasterKeyArn }
          publicAccess {
            effectivePermission
            permissionConfiguration {
              bucketLevelPermissions {
                accessControlList { allowsPublicReadAccess allowsPublicWriteAccess }
                bucketPolicy { allowsPublicReadAccess allowsPublicWriteAccess }
                blockPublicAccess {
                  ignorePublicAcls restrictPublicBuckets blockPublicAcls blockPublicPolicy
                }
              }
              accountLevelPermissions { blockPublicAccess { blockPublicPolicy } }
            }
          }
          s3ObjectDetails { key }
        }
      }
    }`);
    expect(data.resource).toEqual({
      s3BucketDetails: [
        {
          arn: "arn:aws:s3:::customer-exports",
          name: "customer-exports",
          type: "Destination",
          createdAt: "2022-01-15T00:00:00.000Z",
          owner: { id: "79a59df900b949e55d96a1e698fbaced" },
          tags: [{ key: "data", value: "pii" }],
          defaultServerSideEncryption: { encryptionType: "aws:kms", kmsMasterKeyArn: "arn:kms" },
          publicAccess: {
            effectivePermission: "PUBLIC",
            permissionConfiguration: {
              bucketLevelPermissions: {
                accessControlList: {
                  allowsPublicReadAccess: false,
                  allowsPublicWriteAccess: false,
                },
                bucketPolicy: { allowsPublicReadAccess: true, allowsPublicWriteAccess: false },
                blockPublicAccess: {
                  ignorePublicAcls: false,
                  restrictPublicBuckets: false,
                  blockPublicAcls: false,
                  blockPublicPolicy: false,
                },
              },
              accountLevelPermissions: { blockPublicAccess: { blockPublicPolicy: false } },
            },
          },
          s3ObjectDetails: [],
        },
      ],
    });
  });

  it("answers nulls and empty lists for a resource the service left empty", async () => {
    const data = await run(`{
      resource(sample: "sparse") {
        resourceType accessKeyDetails { userName } instanceDetails { instanceId }
        s3BucketDetails { name } eksClusterDetails { name } kubernetesDetails { __typename }
        containerDetails { id } ecsClusterDetails { name } lambdaDetails { functionName }
        rdsDbInstanceDetails { engine } rdsDbUserDetails { user } ebsVolumeDetails { __typename }
      }
    }`);
    expect(data.resource).toEqual({
      resourceType: null,
      accessKeyDetails: null,
      instanceDetails: null,
      s3BucketDetails: [],
      eksClusterDetails: null,
      kubernetesDetails: null,
      containerDetails: null,
      ecsClusterDetails: null,
      lambdaDetails: null,
      rdsDbInstanceDetails: null,
      rdsDbUserDetails: null,
      ebsVolumeDetails: null,
    });
  });
});

describe("FindingService", () => {
  it("maps an inbound network connection with evidence and additional info", async () => {
    const data = await run(`{
      service(sample: "ec2Network") {
        ${SERVICE_HEADER}
        action {
          __typename
          ... on NetworkConnectionAction {
            blocked connectionDirection protocol localNetworkInterface
            localPortDetails { port portName }
            localIpDetails { ipAddressV4 ipAddressV6 }
            remotePortDetails { port portName }
            remoteIpDetails { ${REMOTE_IP} }
          }
        }
      }
    }`);
    expect(data.service).toEqual({
      __typename: "FindingService",
      actionType: "NETWORK_CONNECTION",
      archived: false,
      count: 3,
      detectorId: "12abc34d567e8fa901bc2d34e56789f0",
      eventFirstSeen: "2024-03-01T09:00:00.000Z",
      eventLastSeen: "2024-03-01T11:30:00.000Z",
      resourceRole: "TARGET",
      serviceName: "guardduty",
      userFeedback: "USEFUL",
      featureName: "FlowLogs",
      additionalInfo: { value: '{"unusualProtocol":"SSH"}', type: "default" },
      evidence: {
        threatIntelligenceDetails: [
          { threatListName: "ProofPoint", threatNames: ["BruteForce"], threatFileSha256: null },
        ],
      },
      action: {
        __typename: "NetworkConnectionAction",
        blocked: false,
        connectionDirection: "INBOUND",
        protocol: "TCP",
        localNetworkInterface: "eni-0a1b2c3d4e5f67890",
        localPortDetails: { port: 22, portName: "SSH" },
        localIpDetails: { ipAddressV4: "10.0.1.25", ipAddressV6: null },
        remotePortDetails: { port: 51234, portName: "Unknown" },
        remoteIpDetails: EXPECTED_REMOTE_IP,
      },
    });
  });

  it("maps an AWS API call and turns AffectedResources into a list", async () => {
    const data = await run(`{
      service(sample: "iamApiCall") {
        actionType
        action {
          __typename
          ... on AwsApiCallAction {
            api callerType serviceName userAgent errorCode
            domainDetails { domain }
            remoteAccountDetails { accountId affiliated awsServiceName }
            affectedResources { type id }
            remoteIpDetails { ipAddressV4 country { countryCode } }
          }
        }
      }
    }`);
    expect(data.service).toEqual({
      actionType: "AWS_API_CALL",
      action: {
        __typename: "AwsApiCallAction",
        api: "PutBucketPolicy",
        callerType: "Remote IP",
        serviceName: "s3.amazonaws.com",
        userAgent: "aws-cli/2.15.0",
        errorCode: "AccessDenied",
        domainDetails: { domain: "example.com" },
        remoteAccountDetails: {
          accountId: "444455556666",
          affiliated: false,
          awsServiceName: null,
        },
        affectedResources: [
          { type: "AWS::S3::Bucket", id: "customer-exports" },
          { type: "AWS::IAM::Role", id: "arn:aws:iam::111122223333:role/exporter" },
        ],
        remoteIpDetails: { ipAddressV4: "198.51.100.23", country: { countryCode: "NL" } },
      },
    });
  });

  it("maps a blocked DNS request", async () => {
    const data = await run(`{
      service(sample: "dns") {
        action {
          __typename
          ... on DnsRequestAction { domain protocol blocked domainWithSuffix vpcOwnerAccountId }
        }
      }
    }`);
    expect(data.service).toEqual({
      action: {
        __typename: "DnsRequestAction",
        domain: "pool.minexmr.example",
        protocol: "UDP",
        blocked: true,
        domainWithSuffix: "minexmr.example",
        vpcOwnerAccountId: "111122223333",
      },
    });
  });

  it("maps a port probe", async () => {
    const data = await run(`{
      service(sample: "portProbe") {
        action {
          __typename
          ... on PortProbeAction {
            blocked
            portProbeDetails {
              localPortDetails { port portName }
              localIpDetails { ipAddressV4 }
              remoteIpDetails { ${REMOTE_IP} }
            }
          }
        }
      }
    }`);
    expect(data.service).toEqual({
      action: {
        __typename: "PortProbeAction",
        blocked: false,
        portProbeDetails: [
          {
            localPortDetails: { port: 3389, portName: "RDP" },
            localIpDetails: { ipAddressV4: "10.0.1.25" },
            remoteIpDetails: EXPECTED_REMOTE_IP,
          },
        ],
      },
    });
  });

  it("maps a Kubernetes API call, choosing the member actionType names", async () => {
    const data = await run(`{
      service(sample: "kubernetes") {
        actionType
        action {
          __typename
          ... on KubernetesApiCallAction {
            requestUri verb resource subresource namespace resourceName sourceIps userAgent
            statusCode parameters remoteIpDetails { ipAddressV4 }
          }
        }
      }
    }`);
    expect(data.service).toEqual({
      actionType: "KUBERNETES_API_CALL",
      action: {
        __typename: "KubernetesApiCallAction",
        requestUri: "/api/v1/namespaces/default/pods",
        verb: "create",
        resource: "pods",
        subresource: null,
        namespace: "default",
        resourceName: "debug-pod",
        sourceIps: ["198.51.100.23", "10.0.0.5"],
        userAgent: "kubectl/v1.29.0",
        statusCode: 201,
        parameters: '{"dryRun":false}',
        remoteIpDetails: { ipAddressV4: "198.51.100.23" },
      },
    });
  });

  it("shows every action kind side by side in actionDetails (RBAC details next to the API call)", async () => {
    const data = await run(`{
      service(sample: "kubernetes") {
        action { __typename }
        actionDetails {
          actionType
          kubernetesApiCallAction { verb sourceIPs sourceIps }
          kubernetesPermissionCheckedDetails { verb resource namespace allowed }
          kubernetesRoleBindingDetails { name }
          kubernetesRoleDetails { name }
          awsApiCallAction { api }
        }
      }
    }`);
    expect(data.service).toEqual({
      action: { __typename: "KubernetesApiCallAction" },
      actionDetails: {
        actionType: "KUBERNETES_API_CALL",
        kubernetesApiCallAction: {
          verb: "create",
          // The wire's name, and the released one (deprecated) with the same value.
          sourceIPs: ["198.51.100.23", "10.0.0.5"],
          sourceIps: ["198.51.100.23", "10.0.0.5"],
        },
        kubernetesPermissionCheckedDetails: {
          verb: "create",
          resource: "pods",
          namespace: null,
          allowed: true,
        },
        kubernetesRoleBindingDetails: null,
        kubernetesRoleDetails: null,
        awsApiCallAction: null,
      },
    });
  });

  it("maps RDS login attempts", async () => {
    const data = await run(`{
      service(sample: "s3Rds") {
        action {
          __typename
          ... on RdsLoginAttemptAction {
            remoteIpDetails { ipAddressV4 }
            loginAttributes { user application failedLoginAttempts successfulLoginAttempts }
          }
        }
      }
    }`);
    expect(data.service).toEqual({
      action: {
        __typename: "RdsLoginAttemptAction",
        remoteIpDetails: { ipAddressV4: "198.51.100.23" },
        loginAttributes: [
          {
            user: "postgres",
            application: "psql",
            failedLoginAttempts: 480,
            successfulLoginAttempts: 1,
          },
        ],
      },
    });
  });

  it("answers a null action when no union member's details are present", async () => {
    const data = await run(`{
      service(sample: "sparse") {
        ${SERVICE_HEADER}
        action { __typename }
      }
    }`);
    expect(data.service).toEqual({
      __typename: "FindingService",
      actionType: "KUBERNETES_PERMISSION_CHECKED",
      archived: null,
      count: null,
      detectorId: null,
      eventFirstSeen: null,
      eventLastSeen: null,
      resourceRole: null,
      serviceName: null,
      userFeedback: null,
      featureName: null,
      additionalInfo: null,
      evidence: null,
      action: null,
    });
  });

  it("leaves the SDK objects untouched when tagging the union member", async () => {
    await run(`{ service(sample: "dns") { action { __typename } } }`);
    const detail = sample("dns").service.Action?.DnsRequestAction ?? {};
    expect(Object.getOwnPropertySymbols(detail)).toEqual([]);
  });
});

describe("schema shape", () => {
  it("declares the action union over the six action kinds", () => {
    const union = schema.getType("FindingAction");
    expect(union).toBeInstanceOf(GraphQLUnionType);
    const members = (union as GraphQLUnionType).getTypes().map((type) => type.name);
    expect(members.sort()).toEqual([
      "AwsApiCallAction",
      "DnsRequestAction",
      "KubernetesApiCallAction",
      "NetworkConnectionAction",
      "PortProbeAction",
      "RdsLoginAttemptAction",
    ]);
  });

  it("uses the one Tag type for every tags field, as a non-null list of non-null tags", () => {
    const owners = [
      "InstanceDetails",
      "S3BucketDetail",
      "EksClusterDetails",
      "EcsClusterDetails",
      "EcsTaskDetails",
      "LambdaDetails",
      "RdsDbInstanceDetails",
    ];
    for (const owner of owners) {
      const type = schema.getType(owner);
      if (!isObjectType(type)) throw new Error(`${owner} is not an object type`);
      const tags = type.getFields().tags?.type;
      expect(isNonNullType(tags), owner).toBe(true);
      const list = isNonNullType(tags) ? tags.ofType : tags;
      expect(isListType(list), owner).toBe(true);
      expect(String(list), owner).toBe("[Tag!]");
    }
  });
});
