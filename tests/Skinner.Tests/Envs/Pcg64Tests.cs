using System.Text.Json;
using Skinner.Envs.Seeding;

namespace Skinner.Tests.Envs;

public class Pcg64Tests
{
    /// <summary>
    /// Every seeded initial state in the classic-control golden files, drawn straight from
    /// <c>PCG64(SeedSequence(seed))</c> with the draws Gymnasium's resets make (spec §1.3).
    /// </summary>
    [Fact]
    public void Reproduces_every_seeded_initial_state_of_the_golden_files()
    {
        int checkedStates = 0;
        foreach (string path in GoldenData.Files("envs"))
        {
            using var doc = GoldenData.Load(path);
            var root = doc.RootElement;
            if (root.GetProperty("format").GetString() != "gymnasium-golden-v1") continue;
            string id = root.GetProperty("env_id").GetString()!;
            foreach (var e in root.GetProperty("episodes").EnumerateArray())
            {
                if (e.GetProperty("kind").GetString() != "seeded") continue;
                var rng = new Pcg64(e.GetProperty("reset_seed").GetInt64());
                double[] expected = [.. e.GetProperty("initial_state").EnumerateArray().Select(v => v.GetDouble())];
                double[] drawn = Draw(id, rng);
                Assert.True(expected.SequenceEqual(drawn), $"{id} {e.GetProperty("name").GetString()}: expected [{string.Join(", ", expected)}], drew [{string.Join(", ", drawn)}]");
                checkedStates++;
            }
        }
        Assert.True(checkedStates > 0, "No seeded episode found in the golden files.");
    }

    [Fact]
    public void Next_double_has_53_bits_in_the_unit_interval()
    {
        var a = new Pcg64(123);
        var b = new Pcg64(123);
        for (int i = 0; i < 1000; i++)
        {
            ulong bits = b.NextUInt64();
            double d = a.NextDouble();
            Assert.Equal((bits >> 11) / 9007199254740992.0, d);
            Assert.InRange(d, 0.0, 1.0 - Math.Pow(2, -53));
        }
    }

    [Fact]
    public void Uniform_evaluates_low_plus_range_times_u()
    {
        var a = new Pcg64(5);
        var b = new Pcg64(5);
        double u = b.NextDouble();
        Assert.Equal(-0.6 + ((-0.4 - -0.6) * u), a.Uniform(-0.6, -0.4));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Uniform(0, double.PositiveInfinity));
    }

    [Fact]
    public void Entropy_seeded_generators_differ()
    {
        Assert.NotEqual(Pcg64.FromEntropy().NextUInt64(), Pcg64.FromEntropy().NextUInt64());
    }

    private static double[] Draw(string id, Pcg64 rng) => id switch
    {
        _ when id.StartsWith("CartPole", StringComparison.Ordinal) => [.. Enumerable.Range(0, 4).Select(_ => rng.Uniform(-0.05, 0.05))],
        _ when id.StartsWith("Pendulum", StringComparison.Ordinal) => [rng.Uniform(-Math.PI, Math.PI), rng.Uniform(-1.0, 1.0)],
        _ when id.StartsWith("MountainCar", StringComparison.Ordinal) => [rng.Uniform(-0.6, -0.4), 0.0],
        _ when id.StartsWith("Acrobot", StringComparison.Ordinal) => [.. Enumerable.Range(0, 4).Select(_ => (double)(float)rng.Uniform(-0.1, 0.1))],
        _ => throw new InvalidDataException($"No reset draw is known for {id}."),
    };
}
