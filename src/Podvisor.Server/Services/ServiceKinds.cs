using Podvisor.Server.Api;
using Podvisor.Server.Store;

namespace Podvisor.Server.Services;

/// <summary>Core v1 Services and <c>discovery.k8s.io/v1</c> EndpointSlices: their stored kinds, wire formats and the labels the controller writes.</summary>
internal static class ServiceKinds
{
    public const string DiscoveryGroup = "discovery.k8s.io";
    public const string DiscoveryApiVersion = DiscoveryGroup + "/v1";

    /// <summary>The label that ties a slice to its Service (<c>discovery.LabelServiceName</c>).</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    /// <summary>The label that says which controller manages a slice (<c>discovery.LabelManagedBy</c>).</summary>
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";

    /// <summary>The endpointslice controller's value of <see cref="ManagedByLabel"/> (<c>endpointslice-controller.k8s.io</c>).</summary>
    public const string ControllerName = "endpointslice-controller.k8s.io";

    public static readonly ResourceKind Services = new("services", "Service", "ServiceList", Namespaced: true);

    public static readonly ResourceKind EndpointSlices = new("endpointslices", "EndpointSlice", "EndpointSliceList", Namespaced: true, ApiVersion: DiscoveryApiVersion);

    public static readonly WireFormat ServiceFormat = WireFormat.Core(Services);

    public static readonly WireFormat EndpointSliceFormat = new(DiscoveryApiVersion, "EndpointSlice", "EndpointSliceList", o => o);
}
