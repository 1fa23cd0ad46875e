// PPO on CartPole-v1 with rl-baselines3-zoo's settings: trained until it solves the task, evaluated, plotted,
// saved and loaded back. Arguments: the step budget (default 100,000) and the output folder (runs/quickstart).
using System.Globalization;
using Skinner.Agents.Common;
using Skinner.Agents.Ppo;
using Skinner.Envs;
using Skinner.Reporting.Logging;
using Skinner.Reporting.Plots;

long budget = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
string output = args.Length > 1 ? args[1] : Path.Combine("runs", "quickstart");
Directory.CreateDirectory(output);

var options = new PpoOptions
{
    NEnvs = 8, NSteps = 32, BatchSize = 256, NEpochs = 20, Gamma = 0.98, GaeLambda = 0.8, EntCoef = 0,
    LearningRate = 1e-3, LearningRateSchedule = LearningRateSchedule.Linear,
    ClipRange = 0.2, ClipRangeSchedule = LearningRateSchedule.Linear,
};
// The environment is copied into options.NEnvs environments stepped together, as Stable-Baselines3's make_vec_env.
var agent = new Ppo(Envs.Make("CartPole-v1"), options, seed: 0);

// Every 10,000 steps, five greedy episodes on an environment of their own; training stops once they average the
// registered threshold, 475 (Stable-Baselines3's EvalCallback with StopTrainingOnRewardThreshold).
double? solved = Envs.Spec("CartPole-v1").RewardThreshold;
var evaluation = new EvalCallback(() => Envs.Make("CartPole-v1"), everyNSteps: 10_000, episodes: 5, seed: 1)
{
    StopAtReturn = solved,
};
// Metrics go to metrics.csv and TensorBoard event files in the output folder.
using (var logger = MetricLogger.Create(output))
{
    agent.Learn(budget, [evaluation], new LoggerMetricSink(logger));
}

using var testEnv = Envs.Make("CartPole-v1");
var result = Evaluation.Run(testEnv, observation => agent.Act(observation, deterministic: true), episodes: 10, seed: 2);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"after {agent.Steps:N0} steps: {result.MeanReturn:F1} ± {result.StdReturn:F1} over {result.Returns.Count} episodes"));

// The learning curve from the metrics file: learning_curve.svg and .png.
LearningCurve.FromMetrics(MetricsCsv.Read(Path.Combine(output, MetricLogger.CsvFileName)), "CartPole-v1", "ppo", seed: 0, solved)
    .Save(Path.Combine(output, "learning_curve"));

// A checkpoint holds what it takes to act and to resume training: networks, optimiser, counters, random state.
string checkpoint = Path.Combine(output, "ppo.safetensors");
agent.Save(checkpoint);
var restored = new Ppo(Envs.Make("CartPole-v1"), options, seed: 0);
restored.Load(checkpoint);
var replay = Evaluation.Run(testEnv, observation => restored.Act(observation, deterministic: true), episodes: 10, seed: 2);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loaded back from {checkpoint}: {replay.MeanReturn:F1}"));
