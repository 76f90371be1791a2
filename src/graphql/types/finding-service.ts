import type {
  Action,
  AwsApiCallAction,
  City,
  Country,
  DnsRequestAction,
  DomainDetails,
  Evidence,
  GeoLocation,
  KubernetesApiCallAction,
  LocalIpDetails,
  LocalPortDetails,
  LoginAttribute,
  NetworkConnectionAction,
  Organization,
  PortProbeAction,
  PortProbeDetail,
  RdsLoginAttemptAction,
  RemoteAccountDetails,
  RemoteIpDetails,
  Service,
  ServiceAdditionalInfo,
  ThreatIntelligenceDetail,
} from "@aws-sdk/client-guardduty";
import { builder } from "../builder.js";
import {
  objectList,
  optionalBoolean,
  optionalDateTime,
  optionalFloat,
  optionalInt,
  optionalObject,
  optionalString,
  stringList,
} from "./expose.js";

/**
 * A finding's `service`: what GuardDuty observed (the action), how often and when, and the
 * threat intelligence behind it. Field names are the SDK member names in lower camel case.
 */
export const FindingService = builder.objectRef<Service>("FindingService");

// --- Where the traffic came from ------------------------------------------------------------

const IpCityRef = builder.objectRef<City>("IpCity");

IpCityRef.implement({
  description: "City that geolocation databases attribute an IP address to.",
  fields: (t) => ({
    cityName: optionalString(t, "City name.", (c) => c.CityName),
  }),
});

const IpCountryRef = builder.objectRef<Country>("IpCountry");

IpCountryRef.implement({
  description: "Country that geolocation databases attribute an IP address to.",
  fields: (t) => ({
    countryCode: optionalString(t, "ISO country code.", (c) => c.CountryCode),
    countryName: optionalString(t, "Country name.", (c) => c.CountryName),
  }),
});

const IpGeoLocationRef = builder.objectRef<GeoLocation>("IpGeoLocation");

IpGeoLocationRef.implement({
  description: "Approximate coordinates of an IP address.",
  fields: (t) => ({
    lat: optionalFloat(t, "Latitude in degrees.", (g) => g.Lat),
    lon: optionalFloat(t, "Longitude in degrees.", (g) => g.Lon),
  }),
});

const IpOrganizationRef = builder.objectRef<Organization>("IpOrganization");

IpOrganizationRef.implement({
  description:
    "The network that announces an IP address: hosting providers and VPNs stand out here.",
  fields: (t) => ({
    asn: optionalString(t, "Autonomous System Number (a string in the model).", (o) => o.Asn),
    asnOrg: optionalString(t, "Organization that registered the ASN.", (o) => o.AsnOrg),
    isp: optionalString(t, "Internet service provider.", (o) => o.Isp),
    org: optionalString(t, "Organization name.", (o) => o.Org),
  }),
});

const RemoteIpDetailsRef = builder.objectRef<RemoteIpDetails>("RemoteIpDetails");

RemoteIpDetailsRef.implement({
  description: "The remote address of the activity, with geolocation and network owner.",
  fields: (t) => ({
    city: optionalObject(t, IpCityRef, "City of the address.", (r) => r.City),
    country: optionalObject(t, IpCountryRef, "Country of the address.", (r) => r.Country),
    geoLocation: optionalObject(
      t,
      IpGeoLocationRef,
      "Coordinates of the address.",
      (r) => r.GeoLocation,
    ),
    ipAddressV4: optionalString(t, "Remote IPv4 address.", (r) => r.IpAddressV4),
    ipAddressV6: optionalString(t, "Remote IPv6 address.", (r) => r.IpAddressV6),
    organization: optionalObject(
      t,
      IpOrganizationRef,
      "Network owner of the address.",
      (r) => r.Organization,
    ),
  }),
});

/** Local and remote ports have the same shape in the SDK, so they share one GraphQL type. */
const PortDetailsRef = builder.objectRef<LocalPortDetails>("NetworkPortDetails");

PortDetailsRef.implement({
  description: "A port of a network connection.",
  fields: (t) => ({
    port: optionalInt(t, "Port number.", (p) => p.Port),
    portName: optionalString(
      t,
      "Well-known service name of the port, e.g. SSH.",
      (p) => p.PortName,
    ),
  }),
});

const LocalIpDetailsRef = builder.objectRef<LocalIpDetails>("LocalIpDetails");

LocalIpDetailsRef.implement({
  description: "Your side's address of a network connection.",
  fields: (t) => ({
    ipAddressV4: optionalString(t, "Local IPv4 address.", (l) => l.IpAddressV4),
    ipAddressV6: optionalString(t, "Local IPv6 address.", (l) => l.IpAddressV6),
  }),
});

// --- AWS API call ---------------------------------------------------------------------------

const ApiCallDomainDetailsRef = builder.objectRef<DomainDetails>("ApiCallDomainDetails");

ApiCallDomainDetailsRef.implement({
  description: "The domain the API call was made through.",
  fields: (t) => ({
    domain: optionalString(t, "Domain name.", (d) => d.Domain),
  }),
});

const RemoteAccountDetailsRef = builder.objectRef<RemoteAccountDetails>("RemoteAccountDetails");

RemoteAccountDetailsRef.implement({
  description: "The account that made the API call, when it is not your own.",
  fields: (t) => ({
    accountId: optionalString(t, "Caller's account ID.", (a) => a.AccountId),
    affiliated: optionalBoolean(
      t,
      "True if the caller's account is related to your GuardDuty environment; false means an outside account.",
      (a) => a.Affiliated,
    ),
    awsServiceName: optionalString(
      t,
      "The AWS service that owns the calling account, if any.",
      (a) => a.AwsServiceName,
    ),
  }),
});

/** One entry of the SDK's `AffectedResources` map, which GraphQL cannot express as a map. */
interface AffectedResource {
  type: string;
  id: string;
}

const AffectedResourceRef = builder.objectRef<AffectedResource>("AffectedResource");

AffectedResourceRef.implement({
  description: "A resource the API call acted on.",
  fields: (t) => ({
    type: t.string({
      description: "Resource type, e.g. AWS::S3::Bucket.",
      resolve: (r) => r.type,
    }),
    id: t.string({ description: "Resource identifier, e.g. a name or ARN.", resolve: (r) => r.id }),
  }),
});

function affectedResources(map: Record<string, string> | undefined): AffectedResource[] {
  return Object.entries(map ?? {}).map(([type, id]) => ({ type, id }));
}

const AwsApiCallActionRef = builder.objectRef<AwsApiCallAction>("AwsApiCallAction");

AwsApiCallActionRef.implement({
  description: "An AWS API call (from CloudTrail) that GuardDuty found suspicious.",
  fields: (t) => ({
    api: optionalString(t, "API name, e.g. ListPolicyVersions.", (a) => a.Api),
    callerType: optionalString(
      t,
      "Where the call came from, e.g. Remote IP or Domain.",
      (a) => a.CallerType,
    ),
    serviceName: optionalString(t, "Service called, e.g. iam.amazonaws.com.", (a) => a.ServiceName),
    userAgent: optionalString(t, "User agent of the caller.", (a) => a.UserAgent),
    errorCode: optionalString(t, "Error code, if the call failed.", (a) => a.ErrorCode),
    domainDetails: optionalObject(
      t,
      ApiCallDomainDetailsRef,
      "Domain of the caller, for calls made through a domain.",
      (a) => a.DomainDetails,
    ),
    remoteIpDetails: optionalObject(
      t,
      RemoteIpDetailsRef,
      "Address the call came from.",
      (a) => a.RemoteIpDetails,
    ),
    remoteAccountDetails: optionalObject(
      t,
      RemoteAccountDetailsRef,
      "Account the call came from, for cross-account calls.",
      (a) => a.RemoteAccountDetails,
    ),
    affectedResources: t.field({
      type: [AffectedResourceRef],
      description: "Resources the call acted on, one entry per resource type.",
      resolve: (a) => affectedResources(a.AffectedResources),
    }),
  }),
});

// --- DNS request ----------------------------------------------------------------------------

const DnsRequestActionRef = builder.objectRef<DnsRequestAction>("DnsRequestAction");

DnsRequestActionRef.implement({
  description: "A DNS query from your resource for a suspicious domain.",
  fields: (t) => ({
    domain: optionalString(t, "Domain that was queried.", (d) => d.Domain),
    protocol: optionalString(t, "Protocol of the query, e.g. UDP.", (d) => d.Protocol),
    blocked: optionalBoolean(t, "Whether the query was blocked.", (d) => d.Blocked),
    domainWithSuffix: optionalString(
      t,
      "Registrable domain (second level plus public suffix) of the queried name.",
      (d) => d.DomainWithSuffix,
    ),
    vpcOwnerAccountId: optionalString(
      t,
      "Account that owns the VPC the query came from.",
      (d) => d.VpcOwnerAccountId,
    ),
  }),
});

// --- Network connection ---------------------------------------------------------------------

const NetworkConnectionActionRef =
  builder.objectRef<NetworkConnectionAction>("NetworkConnectionAction");

NetworkConnectionActionRef.implement({
  description: "A network connection to or from your resource that GuardDuty found suspicious.",
  fields: (t) => ({
    blocked: optionalBoolean(t, "Whether the connection was blocked.", (n) => n.Blocked),
    connectionDirection: optionalString(
      t,
      "INBOUND (someone reached your resource) or OUTBOUND (your resource reached out).",
      (n) => n.ConnectionDirection,
    ),
    protocol: optionalString(t, "Protocol, e.g. TCP.", (n) => n.Protocol),
    localPortDetails: optionalObject(
      t,
      PortDetailsRef,
      "Your resource's port.",
      (n) => n.LocalPortDetails,
    ),
    localIpDetails: optionalObject(
      t,
      LocalIpDetailsRef,
      "Your resource's address.",
      (n) => n.LocalIpDetails,
    ),
    localNetworkInterface: optionalString(
      t,
      "The instance's network interface used for the connection.",
      (n) => n.LocalNetworkInterface,
    ),
    remoteIpDetails: optionalObject(
      t,
      RemoteIpDetailsRef,
      "The other side's address.",
      (n) => n.RemoteIpDetails,
    ),
    remotePortDetails: optionalObject(
      t,
      PortDetailsRef,
      "The other side's port.",
      (n) => n.RemotePortDetails,
    ),
  }),
});

// --- Port probe -----------------------------------------------------------------------------

const PortProbeDetailRef = builder.objectRef<PortProbeDetail>("PortProbeDetail");

PortProbeDetailRef.implement({
  description: "One probe of an open port on your resource.",
  fields: (t) => ({
    localPortDetails: optionalObject(
      t,
      PortDetailsRef,
      "The probed port.",
      (p) => p.LocalPortDetails,
    ),
    localIpDetails: optionalObject(
      t,
      LocalIpDetailsRef,
      "The probed address.",
      (p) => p.LocalIpDetails,
    ),
    remoteIpDetails: optionalObject(
      t,
      RemoteIpDetailsRef,
      "Where the probe came from.",
      (p) => p.RemoteIpDetails,
    ),
  }),
});

const PortProbeActionRef = builder.objectRef<PortProbeAction>("PortProbeAction");

PortProbeActionRef.implement({
  description: "Probing of open ports on your resource by known scanners.",
  fields: (t) => ({
    blocked: optionalBoolean(
      t,
      "Whether the probes were blocked, e.g. by a NACL.",
      (p) => p.Blocked,
    ),
    portProbeDetails: objectList(
      t,
      PortProbeDetailRef,
      "The individual probes.",
      (p) => p.PortProbeDetails,
    ),
  }),
});

// --- Kubernetes API call --------------------------------------------------------------------

const KubernetesApiCallActionRef =
  builder.objectRef<KubernetesApiCallAction>("KubernetesApiCallAction");

KubernetesApiCallActionRef.implement({
  description: "A Kubernetes API call (from EKS audit logs) that GuardDuty found suspicious.",
  fields: (t) => ({
    requestUri: optionalString(t, "Request URI.", (k) => k.RequestUri),
    verb: optionalString(t, "HTTP verb / Kubernetes verb, e.g. create or get.", (k) => k.Verb),
    resource: optionalString(t, "Resource kind, e.g. pods or secrets.", (k) => k.Resource),
    subresource: optionalString(t, "Sub-resource, e.g. exec.", (k) => k.Subresource),
    namespace: optionalString(t, "Namespace of the call.", (k) => k.Namespace),
    resourceName: optionalString(t, "Name of the resource acted on.", (k) => k.ResourceName),
    // The SDK's SourceIps is sourceIPs on the wire.
    sourceIps: stringList(
      t,
      "The caller's IP, then any proxies or load balancers in front of the API server.",
      (k) => k.SourceIps,
    ),
    userAgent: optionalString(t, "Caller's user agent, e.g. kubectl.", (k) => k.UserAgent),
    remoteIpDetails: optionalObject(
      t,
      RemoteIpDetailsRef,
      "Address of the caller.",
      (k) => k.RemoteIpDetails,
    ),
    statusCode: optionalInt(t, "HTTP status the API server answered.", (k) => k.StatusCode),
    parameters: optionalString(t, "Parameters of the call, as text.", (k) => k.Parameters),
  }),
});

// --- RDS login attempt ----------------------------------------------------------------------

const RdsLoginAttributeRef = builder.objectRef<LoginAttribute>("RdsLoginAttribute");

RdsLoginAttributeRef.implement({
  description: "Login attempts by one user and application.",
  fields: (t) => ({
    user: optionalString(t, "Database user name tried.", (l) => l.User),
    application: optionalString(t, "Client application name.", (l) => l.Application),
    failedLoginAttempts: optionalInt(t, "Failed attempts.", (l) => l.FailedLoginAttempts),
    successfulLoginAttempts: optionalInt(
      t,
      "Successful attempts; non-zero after many failures suggests a guessed password.",
      (l) => l.SuccessfulLoginAttempts,
    ),
  }),
});

const RdsLoginAttemptActionRef = builder.objectRef<RdsLoginAttemptAction>("RdsLoginAttemptAction");

RdsLoginAttemptActionRef.implement({
  description: "Anomalous login attempts against an RDS database.",
  fields: (t) => ({
    remoteIpDetails: optionalObject(
      t,
      RemoteIpDetailsRef,
      "Where the logins came from.",
      (r) => r.RemoteIpDetails,
    ),
    // Sent as PascalCase LoginAttributes on the wire (no jsonName); the SDK handles it.
    loginAttributes: objectList(
      t,
      RdsLoginAttributeRef,
      "Attempts grouped by user and application.",
      (r) => r.LoginAttributes,
    ),
  }),
});

// --- The action union -----------------------------------------------------------------------

/**
 * The SDK's `Action` carries one optional sub-object per kind and no discriminator inside the
 * sub-objects, and two kinds (DNS, port probe) can look alike. So the `action` field tags the
 * sub-object it picked with its GraphQL type (on a copy: SDK results stay untouched), and the
 * union reads that tag.
 */
const ACTION_MEMBER = Symbol("FindingAction member");

/** Action kinds in the order they are tried; `actionType` names the one the service meant. */
const ACTION_KINDS = [
  {
    actionType: "AWS_API_CALL",
    member: AwsApiCallActionRef,
    pick: (a: Action) => a.AwsApiCallAction,
  },
  {
    actionType: "DNS_REQUEST",
    member: DnsRequestActionRef,
    pick: (a: Action) => a.DnsRequestAction,
  },
  {
    actionType: "NETWORK_CONNECTION",
    member: NetworkConnectionActionRef,
    pick: (a: Action) => a.NetworkConnectionAction,
  },
  { actionType: "PORT_PROBE", member: PortProbeActionRef, pick: (a: Action) => a.PortProbeAction },
  {
    actionType: "KUBERNETES_API_CALL",
    member: KubernetesApiCallActionRef,
    pick: (a: Action) => a.KubernetesApiCallAction,
  },
  {
    actionType: "RDS_LOGIN_ATTEMPT",
    member: RdsLoginAttemptActionRef,
    pick: (a: Action) => a.RdsLoginAttemptAction,
  },
] as const;

type ActionKind = (typeof ACTION_KINDS)[number];
type ActionDetail = NonNullable<ReturnType<ActionKind["pick"]>>;
type TaggedActionDetail = ActionDetail & { readonly [ACTION_MEMBER]: ActionKind["member"] };

/**
 * The union member for an action: the kind `actionType` names if its sub-object is present,
 * else the first present one (Kubernetes findings, for example, can also carry permission-check
 * details next to the API call). Null when the action has none of the union's kinds.
 */
function pickActionDetail(action: Action | undefined): TaggedActionDetail | null {
  if (!action) return null;
  const named = ACTION_KINDS.find((kind) => kind.actionType === action.ActionType);
  const ordered = named ? [named, ...ACTION_KINDS] : ACTION_KINDS;
  for (const kind of ordered) {
    const detail = kind.pick(action);
    if (detail) return { ...detail, [ACTION_MEMBER]: kind.member };
  }
  return null;
}

export const FindingAction = builder.unionType("FindingAction", {
  description:
    "What GuardDuty observed, by kind: an AWS API call, a DNS request, a network connection, a port probe, a Kubernetes API call or an RDS login attempt.",
  types: ACTION_KINDS.map((kind) => kind.member),
  // Every value of this union comes from pickActionDetail, which sets the tag.
  resolveType: (detail) => (detail as TaggedActionDetail)[ACTION_MEMBER],
});

// --- Evidence and additional info -----------------------------------------------------------

const ThreatIntelligenceDetailRef = builder.objectRef<ThreatIntelligenceDetail>(
  "ThreatIntelligenceDetail",
);

ThreatIntelligenceDetailRef.implement({
  description: "A threat list entry that matched the activity.",
  fields: (t) => ({
    threatListName: optionalString(
      t,
      "Threat list that matched, e.g. ProofPoint or a custom list.",
      (d) => d.ThreatListName,
    ),
    threatNames: stringList(t, "Names of the matched threats.", (d) => d.ThreatNames),
    threatFileSha256: optionalString(
      t,
      "SHA-256 of the file that matched, for malware findings.",
      (d) => d.ThreatFileSha256,
    ),
  }),
});

const FindingEvidenceRef = builder.objectRef<Evidence>("FindingEvidence");

FindingEvidenceRef.implement({
  description: "Threat intelligence that backs the finding.",
  fields: (t) => ({
    threatIntelligenceDetails: objectList(
      t,
      ThreatIntelligenceDetailRef,
      "Matched threat intelligence entries.",
      (e) => e.ThreatIntelligenceDetails,
    ),
  }),
});

const FindingAdditionalInfoRef = builder.objectRef<ServiceAdditionalInfo>("FindingAdditionalInfo");

FindingAdditionalInfoRef.implement({
  description: "Extra finding data that GuardDuty ships as JSON text.",
  fields: (t) => ({
    // Passed through as text: its keys vary by finding type (sample, threatListName, unusual...).
    value: optionalString(t, "The additional information, as JSON text.", (i) => i.Value),
    type: optionalString(t, "Kind of the additional information, e.g. default.", (i) => i.Type),
  }),
});

// --- The service block itself ---------------------------------------------------------------

FindingService.implement({
  description: "What GuardDuty observed for a finding, how often and when.",
  fields: (t) => ({
    action: t.field({
      type: FindingAction,
      nullable: true,
      description:
        "The observed activity; null for finding kinds without an action of these kinds.",
      resolve: (service) => pickActionDetail(service.Action),
    }),
    actionType: optionalString(
      t,
      "Kind of action, e.g. AWS_API_CALL, DNS_REQUEST, NETWORK_CONNECTION, PORT_PROBE, KUBERNETES_API_CALL, RDS_LOGIN_ATTEMPT.",
      (service) => service.Action?.ActionType,
    ),
    evidence: optionalObject(
      t,
      FindingEvidenceRef,
      "Threat intelligence behind the finding.",
      (service) => service.Evidence,
    ),
    archived: optionalBoolean(t, "Whether the finding is archived.", (service) => service.Archived),
    count: optionalInt(
      t,
      "How many times the activity was seen and aggregated into this finding.",
      (service) => service.Count,
    ),
    detectorId: optionalString(
      t,
      "Detector that produced the finding.",
      (service) => service.DetectorId,
    ),
    eventFirstSeen: optionalDateTime(
      t,
      "When the activity was first seen.",
      (service) => service.EventFirstSeen,
    ),
    eventLastSeen: optionalDateTime(
      t,
      "When the activity was last seen.",
      (service) => service.EventLastSeen,
    ),
    resourceRole: optionalString(
      t,
      "TARGET if the resource was attacked, ACTOR if it did the suspicious thing.",
      (service) => service.ResourceRole,
    ),
    serviceName: optionalString(t, "Always guardduty.", (service) => service.ServiceName),
    userFeedback: optionalString(
      t,
      "Feedback given on the finding: USEFUL or NOT_USEFUL.",
      (service) => service.UserFeedback,
    ),
    featureName: optionalString(
      t,
      "GuardDuty feature that produced the finding.",
      (service) => service.FeatureName,
    ),
    additionalInfo: optionalObject(
      t,
      FindingAdditionalInfoRef,
      "Type-specific extra data.",
      (service) => service.AdditionalInfo,
    ),
  }),
});
