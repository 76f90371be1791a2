/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AcceptAdministratorInvitationInput = {
  /** The inviting administrator account (Invitation.accountId). */
  administratorId: string;
  /** This (member) account's detector. */
  detectorId: string;
  /** Invitation.invitationId. */
  invitationId: string;
  /** The detector's region; found automatically when omitted. */
  region?: string | null | undefined;
};

export type DisassociateFromAdministratorAccountInput = {
  /** This (member) account's detector. */
  detectorId: string;
  /** The detector's region; found automatically when omitted. */
  region?: string | null | undefined;
};

/** A condition on one of the 622 attributes GuardDuty documents for finding criteria (the FindingCriteria list of its CreateFilter API reference), such as resource.s3BucketDetails.name, resource.eksClusterDetails.name, service.runtimeDetails.process.executablePath or service.ebsVolumeScanDetails.scanId: dotted JSON paths of the finding, lists addressed without an index. Other attributes are refused. Operators given together must all hold. Time attributes (updatedAt, createdAt, service.eventFirstSeen, resource.eksClusterDetails.createdAt, ...) are epoch milliseconds. */
export type FindingAttributeCondition = {
  attribute: string;
  equals?: Array<string> | null | undefined;
  greaterThan?: number | null | undefined;
  greaterThanOrEqual?: number | null | undefined;
  lessThan?: number | null | undefined;
  lessThanOrEqual?: number | null | undefined;
  notEquals?: Array<string> | null | undefined;
};

/** Every field narrows the result (AND). Each is sent to GuardDuty as finding criteria; nothing is filtered in the gateway. */
export type FindingFilter = {
  /** 12-digit account ids (up to 50). */
  accountIds?: Array<string> | null | undefined;
  /** true: only archived; false: only active; absent: both. */
  archived?: boolean | null | undefined;
  /** Conditions on other attributes. */
  conditions?: Array<FindingAttributeCondition> | null | undefined;
  /** Inclusive. */
  createdAfter?: unknown;
  /** Exclusive. */
  createdBefore?: unknown;
  /** EC2 instance ids. */
  instanceIds?: Array<string> | null | undefined;
  /** resource.resourceType values, e.g. Instance, AccessKey, S3Bucket. */
  resourceTypes?: Array<string> | null | undefined;
  severity?: SeverityRange | null | undefined;
  /** Adjacent levels only (GuardDuty takes one severity range), e.g. [HIGH, CRITICAL]. */
  severityLevels?: Array<SeverityLevel> | null | undefined;
  /** Finding types (up to 50). */
  types?: Array<string> | null | undefined;
  /** Inclusive. */
  updatedAfter?: unknown;
  /** Exclusive. */
  updatedBefore?: unknown;
};

/** GuardDuty's documented severity bands. */
export type SeverityLevel =
  /** 9.0-10.0: an attack sequence in progress. */
  | 'CRITICAL'
  /** 7.0-8.9: the resource is likely compromised and in active misuse. */
  | 'HIGH'
  /** 1.0-3.9: attempted or suspicious activity without compromise. */
  | 'LOW'
  /** 4.0-6.9: suspicious deviation from normal; investigate. */
  | 'MEDIUM';

/** An inclusive severity range; either end may be left open. */
export type SeverityRange = {
  /** 0 to 10. */
  max?: number | null | undefined;
  /** 0 to 10. */
  min?: number | null | undefined;
};

export type PendingInvitationsQueryVariables = Exact<{ [key: string]: never; }>;


export type PendingInvitationsQuery = { invitations: Array<{ region: string, accountId: string | null, invitationId: string | null, invitedAt: unknown } | null> };

export type AcceptAdministratorInvitationMutationVariables = Exact<{
  input: AcceptAdministratorInvitationInput;
}>;


export type AcceptAdministratorInvitationMutation = { acceptAdministratorInvitation:
    | { __typename: 'AcceptAdministratorInvitationPayload', administrator: { accountId: string | null, relationshipStatus: string | null } | null }
    | { __typename: 'InvalidInputError', message: string }
    | { __typename: 'InvitationNotFoundError', message: string }
    | { __typename: 'NotAllowedError', message: string }
    | { __typename: 'NotFoundError', message: string }
   };

export type DisassociateFromAdministratorAccountMutationVariables = Exact<{
  input: DisassociateFromAdministratorAccountInput;
}>;


export type DisassociateFromAdministratorAccountMutation = { disassociateFromAdministratorAccount:
    | { __typename: 'DisassociateFromAdministratorAccountPayload', detector: { id: string, administrator: { accountId: string | null } | null } }
    | { __typename: 'InvalidInputError', message: string }
    | { __typename: 'NotAllowedError', message: string }
    | { __typename: 'NotAssociatedError', message: string }
    | { __typename: 'NotFoundError', message: string }
   };

export type AttackSequencesQueryVariables = Exact<{
  detectorId: string;
  region?: string | null | undefined;
  types: Array<string> | string;
}>;


export type AttackSequencesQuery = { detector: { findings: { edges: Array<{ node: { title: string | null, severity: number | null, service: { detection: { sequence: { description: string | null, sequenceIndicators: Array<{ key: string | null, values: Array<string> }>, actors: Array<{ id: string | null, user: { name: string | null, type: string | null } | null, session: { mfaStatus: string | null } | null }>, endpoints: Array<{ ip: string | null, location: { country: string | null } | null, autonomousSystem: { name: string | null, number: number | null } | null }>, signals: Array<{ name: string | null, firstSeenAt: unknown, lastSeenAt: unknown, findings: Array<{ findingId: string, type: string | null, severityLevel: SeverityLevel | null, resource: { resourceType: string | null } | null }> | null }> } | null } | null } | null } }> } | null } | null };

export type DetectorMembersQueryVariables = Exact<{
  detectorId: string;
  region?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type DetectorMembersQuery = { detector: { id: string, members: { edges: Array<{ node: { id: string, accountId: string, email: string | null, relationshipStatus: string | null, administratorId: string | null, updatedAt: unknown, freeTrial: { features: Array<{ name: string | null, freeTrialDaysRemaining: number | null }> } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null } | null };

export type FindingsBySeverityQueryVariables = Exact<{
  detectorId: string;
  region?: string | null | undefined;
}>;


export type FindingsBySeverityQuery = { detector: { statistics: { groups: Array<{ severity: number | null, severityLevel: SeverityLevel | null, totalFindings: number | null, lastGeneratedAt: unknown }> } | null } | null };

export type RecentFindingsQueryVariables = Exact<{
  filter?: FindingFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type RecentFindingsQuery = { detectors: Array<{ id: string, region: string, accountId: string | null, findings: { edges: Array<{ cursor: string, node: { id: string, findingId: string, arn: string | null, accountId: string | null, type: string | null, title: string | null, severity: number | null, severityLevel: SeverityLevel | null, updatedAt: unknown, archived: boolean | null, resource: { resourceType: string | null, instanceDetails: { instanceId: string | null } | null, accessKeyDetails: { userName: string | null } | null } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null } | null> };

export type RuntimeFindingsQueryVariables = Exact<{
  detectorId: string;
  region?: string | null | undefined;
  types: Array<string> | string;
}>;


export type RuntimeFindingsQuery = { detector: { findings: { edges: Array<{ node: { title: string | null, severityLevel: SeverityLevel | null, typeInfo: { threatPurpose: string, threatFamilyName: string, detectionMechanism: string | null } | null, resource: { resourceType: string | null, instanceDetails: { instanceId: string | null } | null, eksClusterDetails: { name: string | null } | null } | null, service: { runtimeDetails: { process: { name: string | null, executablePath: string | null, executableSha256: string | null, pid: number | null, user: string | null, lineage: Array<{ pid: number | null, name: string | null, executablePath: string | null }> } | null, context: { scriptPath: string | null, mountSource: string | null, mountTarget: string | null, threatFilePath: string | null, modifyingProcess: { name: string | null, executablePath: string | null } | null } | null } | null } | null, attackSequence: { title: string | null } | null } }> } | null } | null };


export const PendingInvitationsDocument = {"__meta__":{"hash":"sha256:d620e60cd31ba85225a9cd206c70e5c3f6b302f414aa8b7ce319bac9b519de86"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PendingInvitations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"invitations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"invitationId"}},{"kind":"Field","name":{"kind":"Name","value":"invitedAt"}}]}}]}}]} as unknown as DocumentNode<PendingInvitationsQuery, PendingInvitationsQueryVariables>;
export const AcceptAdministratorInvitationDocument = {"__meta__":{"hash":"sha256:6320885a9247e170365b636f1c184fa6e7739db6be87eaf321ef05e1e296ec30"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AcceptAdministratorInvitation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AcceptAdministratorInvitationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acceptAdministratorInvitation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AcceptAdministratorInvitationPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"administrator"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"relationshipStatus"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<AcceptAdministratorInvitationMutation, AcceptAdministratorInvitationMutationVariables>;
export const DisassociateFromAdministratorAccountDocument = {"__meta__":{"hash":"sha256:f5bcf41740b44aa432c07db255b1e90f25c6c4fce63d8340eaf778ebcb12b11f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DisassociateFromAdministratorAccount"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DisassociateFromAdministratorAccountInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"disassociateFromAdministratorAccount"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DisassociateFromAdministratorAccountPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"detector"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"administrator"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<DisassociateFromAdministratorAccountMutation, DisassociateFromAdministratorAccountMutationVariables>;
export const AttackSequencesDocument = {"__meta__":{"hash":"sha256:adfe1d78fc9cf3af651314a4fe9bcfb440cf1a30e55aeb747464d65e01aa2a1e"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AttackSequences"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"detectorId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"region"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"types"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"detector"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"detectorId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"detectorId"}}},{"kind":"Argument","name":{"kind":"Name","value":"region"},"value":{"kind":"Variable","name":{"kind":"Name","value":"region"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"types"},"value":{"kind":"Variable","name":{"kind":"Name","value":"types"}}}]}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"field"},"value":{"kind":"EnumValue","value":"SEVERITY"}},{"kind":"ObjectField","name":{"kind":"Name","value":"direction"},"value":{"kind":"EnumValue","value":"DESC"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"service"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"detection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sequence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"sequenceIndicators"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"values"}}]}},{"kind":"Field","name":{"kind":"Name","value":"actors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mfaStatus"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"endpoints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ip"}},{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"country"}}]}},{"kind":"Field","name":{"kind":"Name","value":"autonomousSystem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"number"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"signals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"firstSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}},{"kind":"Field","name":{"kind":"Name","value":"findings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findingId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"severityLevel"}},{"kind":"Field","name":{"kind":"Name","value":"resource"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resourceType"}}]}}]}}]}}]}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<AttackSequencesQuery, AttackSequencesQueryVariables>;
export const DetectorMembersDocument = {"__meta__":{"hash":"sha256:b66c1d77225f59fc0ffaaaf6671dbb2e3c10bb33eb1211105ffe9f0854ad1ceb"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DetectorMembers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"detectorId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"region"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"detector"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"detectorId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"detectorId"}}},{"kind":"Argument","name":{"kind":"Name","value":"region"},"value":{"kind":"Variable","name":{"kind":"Name","value":"region"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"members"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"onlyAssociated"},"value":{"kind":"BooleanValue","value":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"relationshipStatus"}},{"kind":"Field","name":{"kind":"Name","value":"administratorId"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"freeTrial"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"features"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"freeTrialDaysRemaining"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DetectorMembersQuery, DetectorMembersQueryVariables>;
export const FindingsBySeverityDocument = {"__meta__":{"hash":"sha256:d2fe9778e28f3cfcc1ee0bb596ef3e5fdd8c351a1f50f5374ace15fa5eeb6c5c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindingsBySeverity"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"detectorId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"region"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"detector"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"detectorId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"detectorId"}}},{"kind":"Argument","name":{"kind":"Name","value":"region"},"value":{"kind":"Variable","name":{"kind":"Name","value":"region"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"statistics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"EnumValue","value":"SEVERITY"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"archived"},"value":{"kind":"BooleanValue","value":false}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"groups"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"severityLevel"}},{"kind":"Field","name":{"kind":"Name","value":"totalFindings"}},{"kind":"Field","name":{"kind":"Name","value":"lastGeneratedAt"}}]}}]}}]}}]}}]} as unknown as DocumentNode<FindingsBySeverityQuery, FindingsBySeverityQueryVariables>;
export const RecentFindingsDocument = {"__meta__":{"hash":"sha256:0195b1fd18eda465988ddfb7e607d2d78f807649c19fbc71a67cbf1b63da9867"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RecentFindings"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"FindingFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"25"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"detectors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"findings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"field"},"value":{"kind":"EnumValue","value":"UPDATED_AT"}},{"kind":"ObjectField","name":{"kind":"Name","value":"direction"},"value":{"kind":"EnumValue","value":"DESC"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"findingId"}},{"kind":"Field","name":{"kind":"Name","value":"arn"}},{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"severityLevel"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"archived"}},{"kind":"Field","name":{"kind":"Name","value":"resource"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resourceType"}},{"kind":"Field","name":{"kind":"Name","value":"instanceDetails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instanceId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"accessKeyDetails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userName"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<RecentFindingsQuery, RecentFindingsQueryVariables>;
export const RuntimeFindingsDocument = {"__meta__":{"hash":"sha256:380de38272710034b1bd54503eb755101addd0af3062ab375a863c4e1921c3a8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RuntimeFindings"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"detectorId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"region"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"types"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"detector"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"detectorId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"detectorId"}}},{"kind":"Argument","name":{"kind":"Name","value":"region"},"value":{"kind":"Variable","name":{"kind":"Name","value":"region"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"types"},"value":{"kind":"Variable","name":{"kind":"Name","value":"types"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"severityLevel"}},{"kind":"Field","name":{"kind":"Name","value":"typeInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threatPurpose"}},{"kind":"Field","name":{"kind":"Name","value":"threatFamilyName"}},{"kind":"Field","name":{"kind":"Name","value":"detectionMechanism"}}]}},{"kind":"Field","name":{"kind":"Name","value":"resource"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resourceType"}},{"kind":"Field","name":{"kind":"Name","value":"instanceDetails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instanceId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"eksClusterDetails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"service"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runtimeDetails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"process"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"executablePath"}},{"kind":"Field","name":{"kind":"Name","value":"executableSha256"}},{"kind":"Field","name":{"kind":"Name","value":"pid"}},{"kind":"Field","name":{"kind":"Name","value":"user"}},{"kind":"Field","name":{"kind":"Name","value":"lineage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pid"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"executablePath"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"context"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modifyingProcess"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"executablePath"}}]}},{"kind":"Field","name":{"kind":"Name","value":"scriptPath"}},{"kind":"Field","name":{"kind":"Name","value":"mountSource"}},{"kind":"Field","name":{"kind":"Name","value":"mountTarget"}},{"kind":"Field","name":{"kind":"Name","value":"threatFilePath"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"attackSequence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<RuntimeFindingsQuery, RuntimeFindingsQueryVariables>;