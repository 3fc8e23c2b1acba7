using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Podvisor.Server.Store;

/// <summary>The SQL side of <see cref="ObjectStore"/>: rows in, rows out, and the counter; always under its lock.</summary>
internal sealed partial class ObjectStore
{
    /// <param name="stored">The row as stored, when <paramref name="current"/> is an update of it that completes a deletion.</param>
    private void Remove(ResourceKind kind, string ns, string name, JsonObject current, JsonObject? stored = null)
    {
        var previous = (stored ?? current).ToJsonString();
        var rv = _resourceVersion + 1;
        ObjectMetadata.Of(current)["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        using var transaction = _db.BeginTransaction();
        using (var delete = _db.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM objects WHERE resource = $r AND namespace = $ns AND name = $n";
            delete.Parameters.AddWithValue("$r", kind.Resource);
            delete.Parameters.AddWithValue("$ns", ns);
            delete.Parameters.AddWithValue("$n", name);
            delete.ExecuteNonQuery();
        }

        SaveCounter(transaction, rv);
        transaction.Commit();
        _resourceVersion = rv;
        Hub.Publish(new WatchEvent("DELETED", kind, ns, rv, current.ToJsonString(), previous));
    }

    /// <param name="previous">The stored object this write replaces (null for a create).</param>
    private void Write(ResourceKind kind, string ns, string name, JsonObject obj, string type, JsonObject? previous)
    {
        var rv = _resourceVersion + 1;
        ObjectMetadata.Of(obj)["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        var previousJson = previous?.ToJsonString();
        obj["kind"] = kind.Kind;
        obj["apiVersion"] = kind.ApiVersion;
        MoveKindFirst(obj);
        var json = obj.ToJsonString();
        using var transaction = _db.BeginTransaction();
        using (var upsert = _db.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO objects (resource, namespace, name, uid, rv, expires, json) VALUES ($r, $ns, $n, $uid, $rv, $exp, $json)
                ON CONFLICT (resource, namespace, name) DO UPDATE SET uid = $uid, rv = $rv, expires = $exp, json = $json
                """;
            upsert.Parameters.AddWithValue("$r", kind.Resource);
            upsert.Parameters.AddWithValue("$ns", ns);
            upsert.Parameters.AddWithValue("$n", name);
            upsert.Parameters.AddWithValue("$uid", ObjectMetadata.Uid(obj) ?? string.Empty);
            upsert.Parameters.AddWithValue("$rv", rv);
            upsert.Parameters.AddWithValue("$exp", kind == ResourceKind.Events ? ExpiryOf(obj) : DBNull.Value);
            upsert.Parameters.AddWithValue("$json", json);
            upsert.ExecuteNonQuery();
        }

        SaveCounter(transaction, rv);
        transaction.Commit();
        _resourceVersion = rv;
        Hub.Publish(new WatchEvent(type, kind, ns, rv, json, previousJson));
    }

    /// <summary>Keeps <c>kind</c> and <c>apiVersion</c> first, as the apiserver prints them.</summary>
    private static void MoveKindFirst(JsonObject obj)
    {
        if (obj.Count > 0 && obj.First().Key is "kind" or "apiVersion")
        {
            return;
        }

        var rest = obj.ToList();
        obj.Clear();
        obj["kind"] = rest.First(p => p.Key == "kind").Value;
        obj["apiVersion"] = rest.First(p => p.Key == "apiVersion").Value;
        foreach (var (key, value) in rest)
        {
            if (key is not "kind" and not "apiVersion")
            {
                obj[key] = value;
            }
        }
    }

    private object ExpiryOf(JsonObject ev)
    {
        var last = ObjectMetadata.ParseTimestamp(ev["lastTimestamp"]) ?? ObjectMetadata.ParseTimestamp(ev["eventTime"]) ?? _time.GetUtcNow();
        return (last + EventTimeToLive).ToUnixTimeSeconds();
    }

    private void SaveCounter(SqliteTransaction transaction, long rv)
    {
        using var counter = _db.CreateCommand();
        counter.Transaction = transaction;
        counter.CommandText = "UPDATE counter SET rv = $rv WHERE id = 1";
        counter.Parameters.AddWithValue("$rv", rv);
        counter.ExecuteNonQuery();
    }

    private JsonObject? Read(ResourceKind kind, string ns, string name)
    {
        using var select = _db.CreateCommand();
        select.CommandText = "SELECT json FROM objects WHERE resource = $r AND namespace = $ns AND name = $n";
        select.Parameters.AddWithValue("$r", kind.Resource);
        select.Parameters.AddWithValue("$ns", kind.Namespaced ? ns : string.Empty);
        select.Parameters.AddWithValue("$n", name);
        return select.ExecuteScalar() is string json ? JsonNode.Parse(json)!.AsObject() : null;
    }

    private List<JsonObject> ReadAll(ResourceKind kind, string? ns, string? mentioning = null) =>
        ReadRows(kind, ns, mentioning).ConvertAll(row => JsonNode.Parse(row.Json)!.AsObject());

    /// <param name="mentioning">Only rows whose stored JSON contains this text (SQLite's <c>instr</c>, before any parsing).</param>
    private List<StoredRow> ReadRows(ResourceKind kind, string? ns, string? mentioning = null)
    {
        using var select = _db.CreateCommand();
        var text = mentioning is null ? string.Empty : " AND instr(json, $text) > 0";
        select.CommandText = ns is null
            ? $"SELECT namespace, name, json FROM objects WHERE resource = $r{text} ORDER BY namespace, name"
            : $"SELECT namespace, name, json FROM objects WHERE resource = $r AND namespace = $ns{text} ORDER BY name";
        select.Parameters.AddWithValue("$r", kind.Resource);
        if (ns is not null)
        {
            select.Parameters.AddWithValue("$ns", ns);
        }

        if (mentioning is not null)
        {
            select.Parameters.AddWithValue("$text", mentioning);
        }

        var rows = new List<StoredRow>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new StoredRow(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }

    private static void Execute(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
