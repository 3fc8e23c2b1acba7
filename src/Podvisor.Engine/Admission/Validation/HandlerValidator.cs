using k8s.Models;

namespace Podvisor.Engine.Admission.Validation;

/// <summary>
/// Lifecycle hooks and probes (validation.go <c>validateLifecycle</c>, <c>validateHandler</c>,
/// <c>validateProbe</c> and its liveness/readiness/startup variants).
/// </summary>
internal static class HandlerValidator
{
    private const string MoreThanOneHandler = "may not specify more than 1 handler type";

    /// <summary>apimachinery <c>IsHTTPHeaderName</c> (RegexError with its example).</summary>
    private const string HttpHeaderNameMessage =
        "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')";
    private static readonly string[] SupportedSchemes = ["HTTP", "HTTPS"];

    public static void Lifecycle(V1Lifecycle lifecycle, long? gracePeriod, V1PodOS? os, string path, List<FieldError> errors)
    {
        if (lifecycle.PostStart is { } postStart)
        {
            Handler(postStart.Exec, postStart.HttpGet, postStart.TcpSocket, null, postStart.Sleep, gracePeriod, $"{path}.postStart", errors);
        }

        if (lifecycle.PreStop is { } preStop)
        {
            Handler(preStop.Exec, preStop.HttpGet, preStop.TcpSocket, null, preStop.Sleep, gracePeriod, $"{path}.preStop", errors);
        }

        if (lifecycle.StopSignal is { } stopSignal)
        {
            StopSignals.Validate(stopSignal, os, $"{path}.stopSignal", errors);
        }
    }

    public static void LivenessOrStartupProbe(V1Probe? probe, long? gracePeriod, string path, List<FieldError> errors)
    {
        if (probe is null)
        {
            return;
        }

        Probe(probe, gracePeriod, path, errors);
        // Liveness and startup only ever need one success: more would only delay the verdict.
        if ((probe.SuccessThreshold ?? 0) != 1)
        {
            errors.Add(FieldError.Invalid($"{path}.successThreshold", probe.SuccessThreshold ?? 0, "must be 1"));
        }
    }

    public static void ReadinessProbe(V1Probe? probe, long? gracePeriod, string path, List<FieldError> errors)
    {
        if (probe is null)
        {
            return;
        }

        Probe(probe, gracePeriod, path, errors);
        // A failing readiness probe never kills the container, so a kill grace period means nothing.
        if (probe.TerminationGracePeriodSeconds is { } grace)
        {
            errors.Add(FieldError.Invalid($"{path}.terminationGracePeriodSeconds", grace, "must not be set for readinessProbes"));
        }
    }

    private static void Probe(V1Probe probe, long? gracePeriod, string path, List<FieldError> errors)
    {
        Handler(probe.Exec, probe.HttpGet, probe.TcpSocket, probe.Grpc, null, gracePeriod, path, errors);
        NonNegative(probe.InitialDelaySeconds, $"{path}.initialDelaySeconds", errors);
        NonNegative(probe.TimeoutSeconds, $"{path}.timeoutSeconds", errors);
        NonNegative(probe.PeriodSeconds, $"{path}.periodSeconds", errors);
        NonNegative(probe.SuccessThreshold, $"{path}.successThreshold", errors);
        NonNegative(probe.FailureThreshold, $"{path}.failureThreshold", errors);
        if (probe.TerminationGracePeriodSeconds is { } grace && grace <= 0)
        {
            errors.Add(FieldError.Invalid($"{path}.terminationGracePeriodSeconds", grace, "must be greater than 0"));
        }
    }

    /// <summary>Checks the actions in upstream order; the second and later ones are forbidden, not validated.</summary>
    private static void Handler(
        V1ExecAction? exec,
        V1HTTPGetAction? httpGet,
        V1TCPSocketAction? tcpSocket,
        V1GRPCAction? grpc,
        V1SleepAction? sleep,
        long? gracePeriod,
        string path,
        List<FieldError> errors)
    {
        var count = 0;
        if (exec is not null && Claim(ref count, $"{path}.exec", errors) && exec.Command is not { Count: > 0 })
        {
            errors.Add(FieldError.Required($"{path}.exec.command"));
        }

        if (httpGet is not null && Claim(ref count, $"{path}.httpGet", errors))
        {
            HttpGet(httpGet, $"{path}.httpGet", errors);
        }

        if (tcpSocket is not null && Claim(ref count, $"{path}.tcpSocket", errors))
        {
            PortNumberOrName(tcpSocket.Port, $"{path}.tcpSocket.port", errors);
        }

        if (grpc is not null && Claim(ref count, $"{path}.grpc", errors) && !NameRules.IsValidPort(grpc.Port))
        {
            errors.Add(FieldError.Invalid($"{path}.grpc.port", grpc.Port, NameRules.PortRangeMessage));
        }

        // Zero is allowed (AllowPodLifecycleSleepActionZeroValue, on by default since 1.32); the
        // sleep may last the whole grace period but not longer.
        if (sleep is not null && Claim(ref count, $"{path}.sleep", errors)
            && gracePeriod is { } grace && (sleep.Seconds < 0 || sleep.Seconds > grace))
        {
            errors.Add(FieldError.Invalid(
                $"{path}.sleep",
                sleep.Seconds,
                $"must be non-negative and less than terminationGracePeriodSeconds ({grace})"));
        }

        if (count == 0)
        {
            errors.Add(FieldError.Required(path, "must specify a handler type"));
        }
    }

    private static bool Claim(ref int count, string actionPath, List<FieldError> errors)
    {
        if (count > 0)
        {
            errors.Add(FieldError.Forbidden(actionPath, MoreThanOneHandler));
            return false;
        }

        count++;
        return true;
    }

    private static void HttpGet(V1HTTPGetAction httpGet, string path, List<FieldError> errors)
    {
        // Unreachable after defaulting (SetDefaults_HTTPGetAction sets "/"), kept as upstream has it.
        if (string.IsNullOrEmpty(httpGet.Path))
        {
            errors.Add(FieldError.Required($"{path}.path"));
        }

        PortNumberOrName(httpGet.Port, $"{path}.port", errors);
        if (!SupportedSchemes.Contains(httpGet.Scheme ?? string.Empty, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported($"{path}.scheme", httpGet.Scheme ?? string.Empty, SupportedSchemes));
        }

        // Upstream reports these on the list, not on the entry (validateHTTPGetAction).
        foreach (var header in httpGet.HttpHeaders ?? [])
        {
            if (string.IsNullOrEmpty(header.Name) || !header.Name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                errors.Add(FieldError.Invalid($"{path}.httpHeaders", header.Name ?? string.Empty, HttpHeaderNameMessage));
            }
        }
    }

    /// <summary>ValidatePortNumOrName: a number in range, or an IANA_SVC_NAME; a missing port is the number 0.</summary>
    internal static void PortNumberOrName(IntOrString? port, string path, List<FieldError> errors)
    {
        var value = port?.Value ?? "0";
        if (long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            if (!NameRules.IsValidPort(number))
            {
                errors.Add(FieldError.Invalid(path, number, NameRules.PortRangeMessage));
            }

            return;
        }

        foreach (var message in NameRules.PortName(value))
        {
            errors.Add(FieldError.Invalid(path, value, message));
        }
    }

    private static void NonNegative(int? value, string path, List<FieldError> errors)
    {
        if (value is < 0)
        {
            errors.Add(FieldError.Invalid(path, value.Value, "must be greater than or equal to 0"));
        }
    }
}
