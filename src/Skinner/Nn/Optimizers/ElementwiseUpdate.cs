using System.Numerics;

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
/// result is the same whatever the vector width.
/// </summary>
internal static class ElementwiseUpdate
{
    public static void Run<TRule>(in TRule rule, Span<float> p, ReadOnlySpan<float> g, Span<float> s0, Span<float> s1, Span<float> s2)
        where TRule : struct, IUpdateRule
    {
        int n = p.Length;
        int w = Vector<float>.Count;
        int i = 0;
        Vector<float> z = default;
        for (; i <= n - w; i += w)
        {
            var vp = new Vector<float>(p[i..]);
            var vg = new Vector<float>(g[i..]);
            var v0 = s0.IsEmpty ? z : new Vector<float>(s0[i..]);
            var v1 = s1.IsEmpty ? z : new Vector<float>(s1[i..]);
            var v2 = s2.IsEmpty ? z : new Vector<float>(s2[i..]);
            rule.Apply(ref vp, vg, ref v0, ref v1, ref v2);
            vp.CopyTo(p[i..]);
            if (!s0.IsEmpty) v0.CopyTo(s0[i..]);
            if (!s1.IsEmpty) v1.CopyTo(s1[i..]);
            if (!s2.IsEmpty) v2.CopyTo(s2[i..]);
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
