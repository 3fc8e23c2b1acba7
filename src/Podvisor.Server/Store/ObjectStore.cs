using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Podvisor.Server.Api;
using Podvisor.Server.Watch;

namespace Podvisor.Server.Store;

/// <summary>
/// The API's storage: one SQLite database in WAL mode holding every object as JSON, keyed by
/// (resource, namespace, name). One monotonic counter, persisted in the same transaction as each write,
/// gives every change its resourceVersion, so versions never repeat across restarts. Writes are
/// serialized by one lock, which also makes "commit, then publish to watches" a single ordered step.
/// </summary>
internal sealed partial class ObjectStore : IDisposable
{
    /// <summary>The apiserver's default event TTL (<c>--event-ttl</c>).</summary>
    public static readonly TimeSpan EventTimeToLive = TimeSpan.FromHours(1);

    /// <summary>The rows' order: SQLite's binary collation on (namespace, name).</summary>
    private static readonly Comparer<(string Namespace, string Name)> OrdinalKeys = Comparer<(string Namespace, string Name)>.Create((a, b) =>
        string.CompareOrdinal(a.Namespace, b.Namespace) is var byNamespace and not 0 ? byNamespace : string.CompareOrdinal(a.Name, b.Name));

    private readonly Lock _gate = new();
    private readonly SqliteConnection _db;
    private readonly TimeProvider _time;
    private long _resourceVersion;

    private ObjectStore(SqliteConnection db, TimeProvider time, long resourceVersion)
    {
        _db = db;
        _time = time;
        _resourceVersion = resourceVersion;
        Hub = new WatchHub(resourceVersion);
    }

    public WatchHub Hub { get; }

    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    public static ObjectStore Open(string path, TimeProvider time)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        db.Open();
        Execute(db, """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA busy_timeout = 5000;
            CREATE TABLE IF NOT EXISTS objects (
                resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
                uid TEXT NOT NULL, rv INTEGER NOT NULL, expires INTEGER NULL, json TEXT NOT NULL,
                PRIMARY KEY (resource, namespace, name));
            CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY CHECK (id = 1), rv INTEGER NOT NULL);
            INSERT OR IGNORE INTO counter (id, rv) VALUES (1, 0);
            """);
        using var read = db.CreateCommand();
        read.CommandText = "SELECT rv FROM counter WHERE id = 1";
        var rv = Convert.ToInt64(read.ExecuteScalar(), CultureInfo.InvariantCulture);
        return new ObjectStore(db, time, rv);
    }

    public JsonObject? Get(ResourceKind kind, string ns, string name)
    {
        lock (_gate)
        {
            return Read(kind, ns, name);
        }
    }

    public StoreList List(ResourceKind kind, string? ns)
    {
        lock (_gate)
        {
            return new StoreList(ReadAll(kind, ns), _resourceVersion);
        }
    }

    /// <summary>
    /// A consistent list as stored text, unparsed: the lock is held for the read alone, and a caller that serves the
    /// stored format writes the rows out without a parse and a re-serialization each.
    /// </summary>
    public StoredRows ListRows(ResourceKind kind, string? ns)
    {
        lock (_gate)
        {
            return new StoredRows(ReadRows(kind, ns), _resourceVersion);
        }
    }

    /// <summary>
    /// The objects whose stored JSON contains <paramref name="text"/> (e.g. <c>"ownerReferences"</c>): a pre-filter that
    /// spares the controllers parsing every pod on every pass; callers still check the parsed objects, since the
    /// text may occur elsewhere in an object.
    /// </summary>
    public IReadOnlyList<JsonObject> ListMentioning(ResourceKind kind, string? ns, string text)
    {
        lock (_gate)
        {
            return ReadAll(kind, ns, text);
        }
    }

    /// <summary>Lists and subscribes in one step, so that no change falls between the list and the watch.</summary>
    public (StoreList List, WatchSubscription Subscription) ListAndSubscribe(ResourceKind kind, string? ns)
    {
        lock (_gate)
        {
            return (new StoreList(ReadAll(kind, ns), _resourceVersion), Hub.Subscribe(_resourceVersion));
        }
    }

    /// <summary>Stores a new object: sets uid (unless given), creationTimestamp, resourceVersion and generation.</summary>
    /// <exception cref="ObjectAlreadyExistsException">An object of that name is stored.</exception>
    public JsonObject Create(ResourceKind kind, JsonObject obj)
    {
        lock (_gate)
        {
            var metadata = ObjectMetadata.Of(obj);
            var ns = kind.Namespaced ? ObjectMetadata.Namespace(obj) : string.Empty;
            var name = ObjectMetadata.Name(obj);
            if (Read(kind, ns, name) is not null)
            {
                throw new ObjectAlreadyExistsException(kind.Resource, name);
            }

            metadata["uid"] ??= Guid.NewGuid().ToString();
            metadata["creationTimestamp"] ??= ObjectMetadata.Timestamp(_time.GetUtcNow());
            if (kind == ResourceKind.Pods || kind == ResourceKind.Namespaces)
            {
                metadata.Remove("generation");
                if (kind == ResourceKind.Pods)
                {
                    metadata["generation"] = 1L;
                }
            }

            Write(kind, ns, name, obj, "ADDED", null);
            return obj;
        }
    }

    /// <summary>
    /// Read-modify-write under the store's lock. <paramref name="mutate"/> gets a private copy of the
    /// current object and returns the new one, or null to leave it unchanged (no new resourceVersion).
    /// It may throw (the caller's own refusal, e.g. a Conflict) to refuse; the exception passes through unchanged.
    /// </summary>
    /// <param name="dryRun">Compute and return the result without storing it (<c>dryRun=All</c>).</param>
    public JsonObject Update(ResourceKind kind, string ns, string name, Func<JsonObject, JsonObject?> mutate, bool dryRun = false)
    {
        lock (_gate)
        {
            var current = Read(kind, ns, name) ?? throw new ObjectNotFoundException(kind.Resource, name);
            var next = mutate(current.DeepClone().AsObject());
            if (next is null)
            {
                return current;
            }

            // Identity and creation never change through an update.
            var metadata = ObjectMetadata.Of(next);
            var old = ObjectMetadata.Of(current);
            metadata["name"] = name;
            if (kind.Namespaced)
            {
                metadata["namespace"] = ns;
            }

            metadata["uid"] = old["uid"]?.DeepClone();
            metadata["creationTimestamp"] = old["creationTimestamp"]?.DeepClone();
            if (kind == ResourceKind.Pods)
            {
                var generation = (long?)old["generation"] ?? 1;
                var specChanged = !JsonNode.DeepEquals(current["spec"], next["spec"]);
                metadata["generation"] = specChanged ? generation + 1 : generation;
            }

            if (dryRun)
            {
                return next;
            }

            // The update that removes the last finalizer of an object being deleted completes the deletion
            // (upstream registry Store.Update: ShouldDeleteDuringUpdate).
            if (Finalizers.DeletionComplete(kind, next))
            {
                Remove(kind, ns, name, next, current);
                return next;
            }

            Write(kind, ns, name, next, "MODIFIED", current);
            return next;
        }
    }

    /// <summary>Creates the object, or replaces it when it exists (for events the engine merges by name).</summary>
    public JsonObject Upsert(ResourceKind kind, JsonObject obj)
    {
        lock (_gate)
        {
            var ns = kind.Namespaced ? ObjectMetadata.Namespace(obj) : string.Empty;
            var name = ObjectMetadata.Name(obj);
            return Read(kind, ns, name) is null ? Create(kind, obj) : Update(kind, ns, name, _ => obj);
        }
    }

    /// <summary>
    /// Removes the object; <paramref name="precondition"/> sees it first and may throw to refuse. An object with
    /// finalizers stays: it gets <c>deletionTimestamp</c> (once) and <c>deletionGracePeriodSeconds: 0</c>, and goes
    /// when an update removes its last finalizer, as upstream's registry <c>Store.Delete</c> does.
    /// </summary>
    /// <returns>The final object with the deletion's resourceVersion, or the kept object.</returns>
    public JsonObject Delete(ResourceKind kind, string ns, string name, Action<JsonObject>? precondition = null) =>
        DeleteOrFinalize(kind, ns, name, precondition).Object;

    /// <inheritdoc cref="Delete"/>
    public (JsonObject Object, bool Removed) DeleteOrFinalize(ResourceKind kind, string ns, string name, Action<JsonObject>? precondition = null)
    {
        lock (_gate)
        {
            var current = Read(kind, ns, name) ?? throw new ObjectNotFoundException(kind.Resource, name);
            precondition?.Invoke(current);
            if (!Finalizers.Pending(current))
            {
                Remove(kind, ns, name, current);
                return (current, true);
            }

            var next = current.DeepClone().AsObject();
            var metadata = ObjectMetadata.Of(next);
            metadata["deletionTimestamp"] ??= ObjectMetadata.Timestamp(_time.GetUtcNow());
            if ((long?)metadata["deletionGracePeriodSeconds"] == 0 && JsonNode.DeepEquals(ObjectMetadata.Of(current)["deletionTimestamp"], metadata["deletionTimestamp"]))
            {
                return (current, false);
            }

            metadata["deletionGracePeriodSeconds"] = 0L;
            Write(kind, ns, name, next, "MODIFIED", current);
            return (next, false);
        }
    }

    /// <summary>
    /// The objects as they were at <paramref name="resourceVersion"/>: today's rows with every later change
    /// undone from the watch history (a paged list's consistent snapshot, as etcd reads at a revision).
    /// </summary>
    /// <exception cref="ResourceVersionTooOldException">That version is older than the history.</exception>
    public IReadOnlyList<JsonObject> ListAt(ResourceKind kind, string? ns, long resourceVersion)
    {
        lock (_gate)
        {
            var rows = ReadAll(kind, ns);
            var changes = Hub.ChangesAfter(resourceVersion);
            if (changes.Count == 0)
            {
                return rows;
            }

            var byKey = new SortedDictionary<(string Namespace, string Name), JsonObject>(OrdinalKeys);
            foreach (var row in rows)
            {
                byKey[(ObjectMetadata.Namespace(row), ObjectMetadata.Name(row))] = row;
            }

            for (var i = changes.Count - 1; i >= 0; i--)
            {
                var change = changes[i];
                if (change.Kind != kind || (ns is not null && change.Namespace != ns))
                {
                    continue;
                }

                var obj = JsonNode.Parse(change.Json)!.AsObject();
                var key = (ObjectMetadata.Namespace(obj), ObjectMetadata.Name(obj));
                if (change.Previous is null)
                {
                    byKey.Remove(key);
                }
                else
                {
                    byKey[key] = JsonNode.Parse(change.Previous)!.AsObject();
                }
            }

            return [.. byKey.Values];
        }
    }

    /// <summary>Deletes events whose TTL has passed; returns how many.</summary>
    public int ExpireEvents()
    {
        lock (_gate)
        {
            var expired = new List<JsonObject>();
            using (var select = _db.CreateCommand())
            {
                select.CommandText = "SELECT json FROM objects WHERE resource = $r AND expires IS NOT NULL AND expires <= $now";
                select.Parameters.AddWithValue("$r", ResourceKind.Events.Resource);
                select.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeSeconds());
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    expired.Add(JsonNode.Parse(reader.GetString(0))!.AsObject());
                }
            }

            foreach (var ev in expired)
            {
                Remove(ResourceKind.Events, ObjectMetadata.Namespace(ev), ObjectMetadata.Name(ev), ev);
            }

            return expired.Count;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _db.Dispose();
        }
    }
}
