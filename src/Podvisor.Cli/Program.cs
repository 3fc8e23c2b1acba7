using Podvisor.Cli;

StartupTrace.MainEntered();
return await PodvisorCommandLine.InvokeAsync(args);
