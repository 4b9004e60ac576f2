/**
 * Flagger's built-in checks as pkg/metrics/observers/istio.go writes them (the default mesh
 * provider): `request-success-rate` is a percentage of non-5xx responses, `request-duration`
 * the P99 in milliseconds. Other providers' built-ins query other meshes' metrics; greenlight
 * carries Istio's, and a Canary naming another `spec.provider` is refused so it can use a
 * MetricTemplate instead.
 */
export const FLAGGER_BUILTIN_QUERIES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  istio: {
    'request-success-rate': `
	sum(
		rate(
			istio_requests_total{
				reporter="destination",
				destination_workload_namespace="{{ namespace }}",
				destination_workload=~"{{ target }}",
				response_code!~"5.*"
			}[{{ interval }}]
		)
	) 
	/ 
	sum(
		rate(
			istio_requests_total{
				reporter="destination",
				destination_workload_namespace="{{ namespace }}",
				destination_workload=~"{{ target }}"
			}[{{ interval }}]
		)
	) 
	* 100`,
    'request-duration': `
	histogram_quantile(
		0.99,
		sum(
			rate(
				istio_request_duration_milliseconds_bucket{
					reporter="destination",
					destination_workload_namespace="{{ namespace }}",
					destination_workload=~"{{ target }}"
				}[{{ interval }}]
			)
		) by (le)
	)`,
  },
};
