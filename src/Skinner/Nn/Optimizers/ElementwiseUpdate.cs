using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Skinner.Nn.Optimizers;

/// <summary>
/// One optimizer update rule, applied to a vector of lanes at once. <c>p</c> is the parameter,
/// <c>g</c> its gradient, and <c>s0</c>..<c>s2</c> up to three state
/// buffers (unused ones are scratch). Every operation must be lane-wise, so that the result of an element
/// does not depend on where it falls in a vector.
/// </summary>
internal interface IUpdateRule
{
    void Apply(ref Vector<float> p, Vector<float> g, ref Vector<float> s0, ref Vector<float> s1, ref Vector<float> s2);
}

/// <summary>
/// Runs an <see cref="IUpdateRule"/> over whole spans. The tail that does not fill a vector is copied into a
/// zero-padded scratch vector and goes through the same rule, so one formula serves every element and the
/// result is the same whatever the vector width. Compiled optimized at its first call, as the elementwise drivers are.
/// </summary>
internal static class ElementwiseUpdate
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TRule>(in TRule rule, Span<float> p, ReadOnlySpan<float> g, Span<float> s0, Span<float> s1, Span<float> s2)
        where TRule : struct, IUpdateRule
    {
        int n = p.Length;
        if (g.Length != n || (!s0.IsEmpty && s0.Length != n) || (!s1.IsEmpty && s1.Length != n) || (!s2.IsEmpty && s2.Length != n))
            throw new ArgumentException("Parameter, gradient and state lengths differ.");
        int w = Vector<float>.Count;
        int i = 0;
        if (n >= w)
        {
            // Unchecked loads and stores: every span was checked to hold n elements above.
            ref float rp = ref MemoryMarshal.GetReference(p);
            ref float rg = ref MemoryMarshal.GetReference(g);
            ref float r0 = ref MemoryMarshal.GetReference(s0);
            ref float r1 = ref MemoryMarshal.GetReference(s1);
            ref float r2 = ref MemoryMarshal.GetReference(s2);
            bool h0 = !s0.IsEmpty, h1 = !s1.IsEmpty, h2 = !s2.IsEmpty;
            Vector<float> z = default;
            // A copy the loop owns: its fields cannot change under the stores below, so the compiler keeps them in
            // registers instead of reading them again for every vector.
            TRule local = rule;
            for (; i <= n - w; i += w)
            {
                nuint k = (nuint)i;
                var vp = Vector.LoadUnsafe(ref rp, k);
                var v0 = h0 ? Vector.LoadUnsafe(ref r0, k) : z;
                var v1 = h1 ? Vector.LoadUnsafe(ref r1, k) : z;
                var v2 = h2 ? Vector.LoadUnsafe(ref r2, k) : z;
                local.Apply(ref vp, Vector.LoadUnsafe(ref rg, k), ref v0, ref v1, ref v2);
                vp.StoreUnsafe(ref rp, k);
                if (h0) v0.StoreUnsafe(ref r0, k);
                if (h1) v1.StoreUnsafe(ref r1, k);
                if (h2) v2.StoreUnsafe(ref r2, k);
            }
        }
        if (i < n) Tail(rule, i, p, g, s0, s1, s2);
    }

    private static void Tail<TRule>(in TRule rule, int start, Span<float> p, ReadOnlySpan<float> g, Span<float> s0, Span<float> s1, Span<float> s2)
        where TRule : struct, IUpdateRule
    {
        int w = Vector<float>.Count;
        int len = p.Length - start;
        Span<float> buf = stackalloc float[5 * w];
        buf.Clear();
        Span<float> bp = buf[..w], bg = buf.Slice(w, w), b0 = buf.Slice(2 * w, w), b1 = buf.Slice(3 * w, w), b2 = buf.Slice(4 * w, w);
        p[start..].CopyTo(bp);
        g[start..].CopyTo(bg);
        if (!s0.IsEmpty) s0[start..].CopyTo(b0);
        if (!s1.IsEmpty) s1[start..].CopyTo(b1);
        if (!s2.IsEmpty) s2[start..].CopyTo(b2);
        var vp = new Vector<float>(bp);
        var v0 = new Vector<float>(b0);
        var v1 = new Vector<float>(b1);
        var v2 = new Vector<float>(b2);
        rule.Apply(ref vp, new Vector<float>(bg), ref v0, ref v1, ref v2);
        vp.CopyTo(bp);
        v0.CopyTo(b0);
        v1.CopyTo(b1);
        v2.CopyTo(b2);
        bp[..len].CopyTo(p[start..]);
        if (!s0.IsEmpty) b0[..len].CopyTo(s0[start..]);
        if (!s1.IsEmpty) b1[..len].CopyTo(s1[start..]);
        if (!s2.IsEmpty) b2[..len].CopyTo(s2[start..]);
    }
}
