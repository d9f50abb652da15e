using System.Collections;
using System.Runtime.CompilerServices;

namespace InfraDedup.Core.Dockerfiles.Semantics;

/// <summary>An immutable list with structural (element-wise, ordered) equality, for use inside records.</summary>
[CollectionBuilder(typeof(EquatableList), nameof(EquatableList.Create))]
public sealed class EquatableList<T> : IReadOnlyList<T>, IEquatable<EquatableList<T>>
{
    private readonly T[] _items;
    private int _hash;

    public EquatableList(IEnumerable<T> items) => _items = [.. items];

    // The flag only tells this constructor, which takes the array as it is, from the copying one.
    private EquatableList(T[] items, bool owned)
    {
        _ = owned;
        _items = items;
    }

    /// <summary>The empty list (immutable, so one serves every caller).</summary>
    internal static EquatableList<T> Empty { get; } = new([], owned: true);

    /// <summary>A list of these items without copying them: the caller hands the array over and never changes it.</summary>
    internal static EquatableList<T> Wrap(T[] items) => items.Length == 0 ? Empty : new(items, owned: true);

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public static bool operator ==(EquatableList<T>? left, EquatableList<T>? right) => Equals(left, right);

    public static bool operator !=(EquatableList<T>? left, EquatableList<T>? right) => !Equals(left, right);

    public bool Equals(EquatableList<T>? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._items.Length != _items.Length || (_hash != 0 && other._hash != 0 && _hash != other._hash))
        {
            return false;
        }

        var cmp = EqualityComparer<T>.Default;
        for (var i = 0; i < _items.Length; i++)
        {
            if (!cmp.Equals(_items[i], other._items[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is EquatableList<T> l && Equals(l);

    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            var h = new HashCode();
            h.Add(_items.Length);
            foreach (var item in _items)
            {
                h.Add(item);
            }

            var v = h.ToHashCode();
            _hash = v == 0 ? 1 : v;
        }

        return _hash;
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public override string ToString() => "[" + string.Join(", ", _items.Select(i => i?.ToString())) + "]";
}

/// <summary>Factory helpers for <see cref="EquatableList{T}"/>.</summary>
public static class EquatableList
{
    public static EquatableList<T> Of<T>(params IEnumerable<T> items) => new(items);

    public static EquatableList<T> Create<T>(ReadOnlySpan<T> items) => EquatableList<T>.Wrap(items.ToArray());

    public static EquatableList<T> ToEquatableList<T>(this IEnumerable<T> items) => new(items);
}
