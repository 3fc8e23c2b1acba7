using Podvisor.Cli;

return await PodvisorCommandLine.InvokeAsync(args);
