using System.Text;

namespace Podvisor.Engine.Containers;

/// <summary>
/// The kubelet's <c>$(VAR)</c> expansion (<c>third_party/forked/golang/expansion</c>): <c>$(NAME)</c> is replaced
/// when NAME is defined, left as written when it is not; <c>$$</c> escapes a <c>$</c>; any other <c>$</c> stays.
/// </summary>
internal static class VariableExpansion
{
    public static string Expand(string input, Func<string, string?> lookup)
    {
        if (!input.Contains('$', StringComparison.Ordinal))
        {
            return input;
        }

        var output = new StringBuilder(input.Length);
        var i = 0;
        while (i < input.Length)
        {
            if (input[i] != '$' || i + 1 >= input.Length)
            {
                output.Append(input[i++]);
                continue;
            }

            var next = input[i + 1];
            if (next == '$')
            {
                output.Append('$');
                i += 2;
            }
            else if (next == '(')
            {
                var close = input.IndexOf(')', i + 2);
                if (close < 0)
                {
                    // An unterminated reference is kept verbatim, as Go's expansion does.
                    output.Append(input, i, input.Length - i);
                    break;
                }

                var name = input.Substring(i + 2, close - i - 2);
                output.Append(lookup(name) ?? input.Substring(i, close - i + 1));
                i = close + 1;
            }
            else
            {
                output.Append('$').Append(next);
                i += 2;
            }
        }

        return output.ToString();
    }
}
