namespace Podvisor.Cli.Report;

/// <summary>Maps times of the run to x positions, and picks round tick steps (at most about a dozen ticks).</summary>
internal sealed class TimeAxis(DateTimeOffset start, DateTimeOffset end, double left, double width)
{
    private static readonly double[] Steps = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];

    private readonly double _span = Math.Max((end - start).TotalSeconds, 0.001);

    public double Seconds(DateTimeOffset at) => (at - start).TotalSeconds;

    public double X(DateTimeOffset at) => left + Math.Clamp(Seconds(at) / _span, 0, 1) * width;

    public IEnumerable<(double Seconds, double X)> Ticks()
    {
        var step = Steps.FirstOrDefault(candidate => _span / candidate <= 12, Steps[^1]);
        for (var i = 0; i * step <= _span + 1e-9; i++)
        {
            yield return (i * step, left + i * step / _span * width);
        }
    }
}
