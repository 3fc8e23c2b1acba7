namespace Podvisor.Engine.Lint.Shell;

/// <summary>
/// The simple commands of a shell script, in order, with their place in its structure: what the lint rules
/// need to tell whether the shell stays PID 1 over a child (<see cref="ShellWrapper"/>) and how long a hook
/// sleeps. Reserved words count only in command position, as in the shell grammar (POSIX XCU 2.4).
/// </summary>
internal sealed class ShellScript
{
    private static readonly HashSet<string> Openers = ["if", "while", "until", "{"];
    private static readonly HashSet<string> Closers = ["fi", "done", "esac", "}"];
    private static readonly HashSet<string> Continuers = ["then", "else", "elif", "do", "!"];

    private readonly List<ShellCommand> _commands = [];
    private readonly List<string> _words = [];
    private int _depth;
    private bool _redirected;
    private bool _pipedIn;

    private ShellScript()
    {
    }

    public IReadOnlyList<ShellCommand> Commands => _commands;

    public static ShellScript Parse(string script)
    {
        var parsed = new ShellScript();
        parsed.Run(ShellTokenizer.Tokenize(script));
        return parsed;
    }

    private void Run(IReadOnlyList<ShellToken> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            switch (token.Kind)
            {
                case ShellTokenKind.Redirection:
                    _redirected = true;
                    if (i + 1 < tokens.Count && tokens[i + 1].Kind == ShellTokenKind.Word)
                    {
                        i++; // its target file, or a here-document's delimiter
                    }

                    break;
                case ShellTokenKind.Operator:
                    i = OnOperator(tokens, i);
                    break;
                default:
                    i = OnWord(tokens, i);
                    break;
            }
        }

        Finish(background: false, pipedOut: false);
    }

    private int OnWord(IReadOnlyList<ShellToken> tokens, int i)
    {
        var word = tokens[i].Text;
        if (_words.Count > 0)
        {
            _words.Add(word);
            return i;
        }

        // Command position.
        if (Openers.Contains(word))
        {
            _depth++;
        }
        else if (Closers.Contains(word))
        {
            _depth = Math.Max(0, _depth - 1);
        }
        else if (Continuers.Contains(word))
        {
            // the next word is in command position again
        }
        else if (word is "for" or "select")
        {
            _depth++;
            return SkipUntil(tokens, i, t => t.IsOperator(";") || t is { Kind: ShellTokenKind.Word, Text: "do" }) - 1;
        }
        else if (word == "case")
        {
            _depth++;
            var afterIn = SkipUntil(tokens, i, t => t is { Kind: ShellTokenKind.Word, Text: "in" });
            return SkipPatterns(tokens, afterIn + 1);
        }
        else if (IsAssignment(word))
        {
            // FOO=bar before the command name sets its environment
        }
        else if (i + 1 < tokens.Count && tokens[i + 1].IsOperator("(") && i + 2 < tokens.Count && tokens[i + 2].IsOperator(")"))
        {
            return i + 2; // name() { ...; }: a function definition; its body is parsed as nested commands
        }
        else
        {
            _words.Add(word);
        }

        return i;
    }

    private int OnOperator(IReadOnlyList<ShellToken> tokens, int i)
    {
        switch (tokens[i].Text)
        {
            case "|":
                Finish(background: false, pipedOut: true);
                _pipedIn = true;
                break;
            case "&":
                Finish(background: true, pipedOut: false);
                break;
            case "(":
                Finish(background: false, pipedOut: false);
                _depth++;
                break;
            case ")":
                Finish(background: false, pipedOut: false);
                _depth = Math.Max(0, _depth - 1);
                break;
            case ";;":
                Finish(background: false, pipedOut: false);
                return SkipPatterns(tokens, i + 1);
            default: // ; && ||
                Finish(background: false, pipedOut: false);
                break;
        }

        return i;
    }

    /// <summary>Skips <c>case</c> patterns up to their <c>)</c>, or to <c>esac</c>; returns the index of the last token skipped.</summary>
    private int SkipPatterns(IReadOnlyList<ShellToken> tokens, int start)
    {
        for (var i = start; i < tokens.Count; i++)
        {
            if (tokens[i].IsOperator(")"))
            {
                return i;
            }

            if (tokens[i] is { Kind: ShellTokenKind.Word, Text: "esac" })
            {
                _depth = Math.Max(0, _depth - 1);
                return i;
            }
        }

        return tokens.Count;
    }

    private static int SkipUntil(IReadOnlyList<ShellToken> tokens, int start, Func<ShellToken, bool> stop)
    {
        for (var i = start + 1; i < tokens.Count; i++)
        {
            if (stop(tokens[i]))
            {
                return i;
            }
        }

        return tokens.Count;
    }

    private void Finish(bool background, bool pipedOut)
    {
        if (_words.Count > 0)
        {
            _commands.Add(new ShellCommand([.. _words], _depth > 0, _pipedIn || pipedOut, background, _redirected));
        }

        _words.Clear();
        _redirected = false;
        _pipedIn = false;
    }

    private static bool IsAssignment(string word)
    {
        var equals = word.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 && (char.IsAsciiLetter(word[0]) || word[0] == '_')
            && word.AsSpan(0, equals).IndexOfAnyExcept(AssignmentNameChars) < 0;
    }

    private static readonly System.Buffers.SearchValues<char> AssignmentNameChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
}
