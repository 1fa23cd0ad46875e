namespace Skinner.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("skinner: deep reinforcement learning for .NET");
        Console.WriteLine("usage: skinner <command> [options]   (commands arrive with the agents)");
        return args.Length == 0 ? 0 : 2;
    }
}
