using System.Text;

namespace Podvisor.Engine.Lint.Shell;

/// <summary>
/// Splits a POSIX shell script into words and operators, enough to see its top-level commands: quotes are
/// removed, a command substitution (<c>$(…)</c>, backquotes) or expansion (<c>${…}</c>) stays inside its word
/// (what runs in it is not the script's own command), comments and here-document bodies are dropped, and a
/// newline is a <c>;</c>. Not a full shell grammar (no aliases, no <c>$'…'</c> escapes), and never throws:
/// an unterminated quote ends at the end of the script.
/// </summary>
internal sealed class ShellTokenizer
{
    private readonly string _text;
    private readonly List<ShellToken> _tokens = [];
    private readonly StringBuilder _word = new();
    private readonly List<(string Delimiter, bool StripTabs)> _pendingHereDocuments = [];
    private bool _inWord;
    private int _position;

    private ShellTokenizer(string text) => _text = text;

    public static IReadOnlyList<ShellToken> Tokenize(string script)
    {
        var tokenizer = new ShellTokenizer(script);
        tokenizer.Run();
        return tokenizer._tokens;
    }

    private void Run()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            switch (c)
            {
                case ' ' or '\t':
                    EndWord();
                    _position++;
                    break;
                case '\n':
                    EndWord();
                    _position++;
                    Emit(ShellTokenKind.Operator, ";");
                    SkipHereDocumentBodies();
                    break;
                case '#' when !_inWord:
                    while (_position < _text.Length && _text[_position] != '\n')
                    {
                        _position++;
                    }

                    break;
                case '\'':
                    _inWord = true;
                    var close = _text.IndexOf('\'', _position + 1);
                    close = close < 0 ? _text.Length : close;
                    _word.Append(_text, _position + 1, close - _position - 1);
                    _position = Math.Min(close + 1, _text.Length);
                    break;
                case '"':
                    _inWord = true;
                    ReadDoubleQuoted();
                    break;
                case '\\':
                    ReadEscape();
                    break;
                case '$' or '`':
                    _inWord = true;
                    ReadExpansion();
                    break;
                case ';' or '&' or '|' or '(' or ')':
                    EndWord();
                    ReadControlOperator();
                    break;
                case '<' or '>':
                    ReadRedirection();
                    break;
                default:
                    _inWord = true;
                    _word.Append(c);
                    _position++;
                    break;
            }
        }

        EndWord();
    }

    private void ReadEscape()
    {
        if (_position + 1 < _text.Length && _text[_position + 1] == '\n')
        {
            _position += 2; // a line continuation
            return;
        }

        _inWord = true;
        if (_position + 1 < _text.Length)
        {
            _word.Append(_text[_position + 1]);
        }

        _position += 2;
    }

    private void ReadDoubleQuoted()
    {
        _position++;
        while (_position < _text.Length && _text[_position] != '"')
        {
            var c = _text[_position];
            if (c == '\\' && _position + 1 < _text.Length)
            {
                _word.Append(_text[_position + 1]);
                _position += 2;
            }
            else if (c is '$' or '`')
            {
                ReadExpansion();
            }
            else
            {
                _word.Append(c);
                _position++;
            }
        }

        _position++;
    }

    /// <summary><c>$(…)</c>, <c>$((…))</c>, <c>${…}</c>, backquotes or a plain <c>$NAME</c>: kept verbatim in the word.</summary>
    private void ReadExpansion()
    {
        var start = _position;
        if (_text[_position] == '`')
        {
            var close = _text.IndexOf('`', _position + 1);
            _position = close < 0 ? _text.Length : close + 1;
        }
        else if (_position + 1 < _text.Length && _text[_position + 1] is '(' or '{')
        {
            var open = _text[_position + 1];
            var closeChar = open == '(' ? ')' : '}';
            var depth = 0;
            _position++;
            while (_position < _text.Length)
            {
                var c = _text[_position];
                if (c == '\'' && open == '(')
                {
                    var close = _text.IndexOf('\'', _position + 1);
                    _position = close < 0 ? _text.Length : close + 1;
                    continue;
                }

                if (c == '\\')
                {
                    _position += 2;
                    continue;
                }

                depth += c == open ? 1 : c == closeChar ? -1 : 0;
                _position++;
                if (depth == 0)
                {
                    break;
                }
            }
        }
        else
        {
            _position++;
        }

        _position = Math.Min(_position, _text.Length);
        _word.Append(_text, start, _position - start);
    }

    private void ReadControlOperator()
    {
        var c = _text[_position];
        var doubled = _position + 1 < _text.Length && _text[_position + 1] == c && c is ';' or '&' or '|';
        if (c == '&' && _position + 1 < _text.Length && _text[_position + 1] == '>')
        {
            ReadRedirection(); // &> file (bash)
            return;
        }

        _position += doubled ? 2 : 1;
        Emit(ShellTokenKind.Operator, doubled ? new string(c, 2) : c.ToString());
    }

    /// <summary>A redirection (with its file descriptor prefix, <c>2&gt;</c>) becomes one token; the next word is its target.</summary>
    private void ReadRedirection()
    {
        if (_inWord && _word.ToString().All(char.IsAsciiDigit))
        {
            _word.Clear();
            _inWord = false; // "2>": the digits are the descriptor, not a word
        }

        EndWord();
        var start = _position;
        while (_position < _text.Length && _text[_position] is '<' or '>' or '&' or '|' or '-')
        {
            _position++;
        }

        var op = _text[start.._position];
        // ">&2", "2>&1": the target is a descriptor, part of the operator; "<<" reads a here-document.
        if (op.EndsWith('&'))
        {
            while (_position < _text.Length && (char.IsAsciiDigit(_text[_position]) || _text[_position] == '-'))
            {
                _position++;
            }

            Emit(ShellTokenKind.Redirection, op);
            Emit(ShellTokenKind.Word, string.Empty);
            return;
        }

        Emit(ShellTokenKind.Redirection, op);
        if (op.StartsWith("<<", StringComparison.Ordinal) && !op.StartsWith("<<<", StringComparison.Ordinal))
        {
            _pendingHereDocuments.Add((PeekWord(), op.EndsWith('-')));
        }
    }

    /// <summary>The here-document delimiter that follows, quotes removed, without consuming it.</summary>
    private string PeekWord()
    {
        var i = _position;
        while (i < _text.Length && _text[i] is ' ' or '\t')
        {
            i++;
        }

        var word = new StringBuilder();
        while (i < _text.Length && _text[i] is not (' ' or '\t' or '\n' or ';' or '&' or '|' or '<' or '>' or '(' or ')'))
        {
            if (_text[i] is not ('\'' or '"' or '\\'))
            {
                word.Append(_text[i]);
            }

            i++;
        }

        return word.ToString();
    }

    private void SkipHereDocumentBodies()
    {
        foreach (var (delimiter, stripTabs) in _pendingHereDocuments)
        {
            while (_position < _text.Length)
            {
                var end = _text.IndexOf('\n', _position);
                end = end < 0 ? _text.Length : end;
                var line = _text[_position..end];
                _position = Math.Min(end + 1, _text.Length);
                if ((stripTabs ? line.TrimStart('\t') : line) == delimiter)
                {
                    break;
                }
            }
        }

        _pendingHereDocuments.Clear();
    }

    private void EndWord()
    {
        if (_inWord)
        {
            Emit(ShellTokenKind.Word, _word.ToString());
        }

        _word.Clear();
        _inWord = false;
    }

    private void Emit(ShellTokenKind kind, string text) => _tokens.Add(new ShellToken(kind, text));
}
