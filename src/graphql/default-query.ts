/** What GraphiQL opens with: the question a security engineer asks first. */
export const DEFAULT_QUERY = `# Recent high and critical findings in every region this gateway covers.
query RecentHighSeverityFindings {
  detectors {
    id
    region
    accountId
    status
    findings(
      first: 10
      filter: { severityLevels: [HIGH, CRITICAL], archived: false }
      orderBy: { field: UPDATED_AT, direction: DESC }
    ) {
      edges {
        node {
          findingId
          type
          title
          severity
          severityLevel
          updatedAt
          resource {
            resourceType
            instanceDetails { instanceId }
            accessKeyDetails { userName }
          }
          service {
            count
            action {
              __typename
              ... on NetworkConnectionAction { connectionDirection remoteIpDetails { ipAddressV4 country { countryName } } }
              ... on AwsApiCallAction { api serviceName }
              ... on DnsRequestAction { domain blocked }
            }
          }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
    statistics(groupBy: SEVERITY) { groups { severityLevel severity totalFindings } }
  }
}
`;
