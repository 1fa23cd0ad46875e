using System.Runtime.CompilerServices;
using Skinner.Nn.Distributions;

namespace Skinner.Tests;

/// <summary>
/// Registers the distribution golden checks: <c>normal_log_prob</c>, <c>normal_entropy</c> (per dimension,
/// broadcast), <c>categorical_log_prob</c> and <c>categorical_entropy</c>, with the gradients of every input.
/// </summary>
internal static class DistributionGoldenChecks
{
    [ModuleInitializer]
    internal static void Register()
    {
        NnGoldenOps.Register("normal_log_prob", e =>
        {
            var run = new GoldenRun(e);
            run.Check(new Normal(run["mu"], run["std"]).LogProb(run["x"]));
        });
        NnGoldenOps.Register("normal_entropy", e =>
        {
            var run = new GoldenRun(e);
            run.Check(new Normal(run["mu"], run["std"]).Entropy());
        });
        NnGoldenOps.Register("categorical_log_prob", e =>
        {
            var run = new GoldenRun(e);
            run.Check(new Categorical(run["logits"]).LogProb(run.Ints("action")));
        });
        NnGoldenOps.Register("categorical_entropy", e =>
        {
            var run = new GoldenRun(e);
            run.Check(new Categorical(run["logits"]).Entropy());
        });
    }
}
