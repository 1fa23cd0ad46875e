namespace Skinner.Cli;

/// <summary>The <c>skinner</c> command-line tool.</summary>
public static class Program
{
    private const string Usage = """
        skinner: deep reinforcement learning for .NET

        usage: skinner <command> [options]

        commands:
          train ALGO ENV     train an agent; writes a run directory (config, metrics, plots, videos, checkpoints)
          eval RUN_DIR       evaluate a trained agent
          record RUN_DIR     record videos of a trained agent
          plot RUN_DIR...    overlay the learning curves of several runs
          list WHAT          list envs, algos or presets

        `skinner <command> --help` describes a command.
        exit codes: 0 done, 1 failed, 2 bad usage, 130 interrupted
        """;

    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        if (args[0] == "--version")
        {
            Console.WriteLine(typeof(Program).Assembly.GetName().Version);
            return 0;
        }
        var rest = args[1..];
        try
        {
            return args[0] switch
            {
                "train" => TrainCommand.Run(rest),
                "eval" => EvalCommand.Run(rest),
                "record" => RecordCommand.Run(rest),
                "plot" => PlotCommand.Run(rest),
                "list" => ListCommand.Run(rest),
                _ => throw new UsageException($"Unknown command '{args[0]}'. Commands: train, eval, record, plot, list."),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"skinner: {e.Message}");
            return 2;
        }
        catch (ArgumentException e)
        {
            // Unknown environment ids and impossible hyperparameters land here with a message naming them.
            Console.Error.WriteLine($"skinner: {Plain(e)}");
            return 2;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"skinner: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// An argument error's message for a person at a terminal: without the " (Parameter 'id')" that .NET appends for
    /// the library's callers, on one line.
    /// </summary>
    internal static string Plain(ArgumentException e)
    {
        string text = e.Message;
        if (e.ParamName is string name) text = text.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal);
        return string.Join(" ", text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
    }
}
