using Podvisor.Cli.Workloads;

namespace Podvisor.Cli.Rollout;

/// <summary>What <c>--rollout</c> drives: the Service the load goes through and the Deployments it restarts.</summary>
internal sealed record RolloutTarget(WorkloadDocument Service, IReadOnlyList<WorkloadDocument> Deployments)
{
    /// <summary>Picks them from the files before anything starts; an error names the flag to use.</summary>
    public static RolloutTarget? Choose(IReadOnlyList<WorkloadDocument> documents, string? serviceName, out string? error)
    {
        var services = documents.Where(d => d.Kind == "Service").ToList();
        var deployments = documents.Where(d => d.Kind == "Deployment").ToList();
        error = null;
        if (deployments.Count == 0)
        {
            error = "--rollout needs a Deployment in the files";
            return null;
        }

        WorkloadDocument? service;
        if (serviceName is not null)
        {
            service = services.FirstOrDefault(s => s.Name == serviceName);
            if (service is null)
            {
                error = $"--rollout-service: no Service \"{serviceName}\" in the files";
                return null;
            }
        }
        else if (services.Count == 1)
        {
            service = services[0];
        }
        else
        {
            error = services.Count == 0
                ? "--rollout needs a Service in the files to send the load through"
                : $"--rollout: the files hold {services.Count} Services; choose one with --rollout-service NAME";
            return null;
        }

        return new RolloutTarget(service, [.. deployments.Where(d => d.Namespace == service.Namespace)]);
    }
}
