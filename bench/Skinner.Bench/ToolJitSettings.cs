using System.Diagnostics;

namespace Skinner.Bench;

/// <summary>
/// The benchmarks run under .NET's default tiered compilation, where a hot method is recompiled with the profile of
/// its first calls (dynamic PGO): an environment's <c>Step</c> is then inlined into the wrappers that
/// <c>Envs.Make</c> puts around it, as in any program that keeps the defaults. The <c>skinner</c> tool instead
/// compiles every method optimized at its first call (<c>"System.Runtime.TieredCompilation.QuickJit": false</c> in
/// its runtimeconfig), which shortens a training run's start. <c>learn</c> times training runs from their start, so it
/// runs under the tool's setting: started with quick compilation on and no <c>DOTNET_TC_QuickJit</c> in the
/// environment (which, when set, is taken as the caller's choice), it starts itself again with
/// <c>DOTNET_TC_QuickJit=0</c> and returns what that run returns.
/// </summary>
public static class ToolJitSettings
{
    private const string Variable = "DOTNET_TC_QuickJit";

    /// <summary>
    /// True when this process runs with quick compilation because nobody chose otherwise: neither the environment
    /// (<c>DOTNET_TC_QuickJit</c>, <c>COMPlus_TC_QuickJit</c>) nor the runtimeconfig says.
    /// </summary>
    public static bool QuickJitByDefault =>
        Environment.GetEnvironmentVariable(Variable) is null
        && Environment.GetEnvironmentVariable("COMPlus_TC_QuickJit") is null
        && AppContext.GetData("System.Runtime.TieredCompilation.QuickJit") is not (false or "false" or "False");

    /// <summary>
    /// Runs this program again with <paramref name="args"/> and quick compilation off, its output going where this
    /// process's goes; returns its exit code.
    /// </summary>
    public static int RunAgainWithoutQuickJit(string[] args)
    {
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot tell which program to start again.");
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        // Started as `dotnet Skinner.Bench.dll ...` the host needs the assembly; the apphost (`dotnet run`) does not.
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(ToolJitSettings).Assembly.Location);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment[Variable] = "0";
        Console.Error.WriteLine($"{args[0]}: running under the skinner tool's compilation setting ({Variable}=0)");
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {host}.");
        child.WaitForExit();
        return child.ExitCode;
    }
}
