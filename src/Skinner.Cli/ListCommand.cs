using System.Globalization;
using EnvRegistry = Skinner.Envs.Envs;

namespace Skinner.Cli;

/// <summary><c>skinner list envs|algos|presets</c>.</summary>
public static class ListCommand
{
    /// <summary>Help text.</summary>
    public const string Help = "usage: skinner list envs|algos|presets";

    /// <summary>Runs the command.</summary>
    public static int Run(IReadOnlyList<string> argv)
    {
        var args = Args.Parse(argv, [], ["help"]);
        if (args.Flag("help") || args.Positionals.Count != 1)
        {
            Console.WriteLine(Help);
            return args.Flag("help") ? 0 : 2;
        }
        switch (args.Positionals[0])
        {
            case "envs":
                int width = EnvRegistry.Specs.Max(s => s.Id.Length);
                foreach (var s in EnvRegistry.Specs)
                {
                    string limit = s.MaxEpisodeSteps is int m ? m.ToString(CultureInfo.InvariantCulture) : "-";
                    string threshold = s.RewardThreshold is double t ? t.ToString(CultureInfo.InvariantCulture) : "-";
                    Console.WriteLine($"{s.Id.PadRight(width)}  limit {limit,5}  solved at {threshold,6}  {s.Description}");
                }
                return 0;
            case "algos":
                foreach (var a in Catalog.Algorithms) Console.WriteLine($"{a.Name,-10} {a.Summary}");
                return 0;
            case "presets":
                int name = Catalog.Presets.Keys.Max(k => k.Length), env = Catalog.Presets.Values.Max(p => p.Env.Length);
                foreach (var p in Catalog.Presets.Values) Console.WriteLine($"{p.Name.PadRight(name)}  {p.Algorithm,-9} {p.Env.PadRight(env)}  {p.Description}");
                return 0;
            default:
                throw new UsageException($"Unknown list '{args.Positionals[0]}'. Choose envs, algos or presets.");
        }
    }
}
