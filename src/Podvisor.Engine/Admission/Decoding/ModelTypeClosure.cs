using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using k8s.Models;

namespace Podvisor.Engine.Admission.Decoding;

/// <summary>
/// The model classes reachable from some roots through their public properties (element and generic argument types
/// included): what the strict decoding reflects over, and so what the Native AOT podvisor keeps whole
/// (src/Podvisor.Cli/ModelTypes.xml, checked against this closure by a test).
/// </summary>
internal static class ModelTypeClosure
{
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = ModelReflection.ModelsRooted)]
    public static IReadOnlySet<Type> Of(IEnumerable<Type> roots)
    {
        var covered = new HashSet<Type>();
        var pending = new Stack<Type>(roots);
        while (pending.TryPop(out var type))
        {
            if (!covered.Add(type))
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                foreach (var model in ModelTypesIn(property.PropertyType))
                {
                    pending.Push(model);
                }
            }
        }

        return covered;
    }

    /// <summary>The concrete model classes a property type mentions: itself, its element and generic argument types.</summary>
    public static IEnumerable<Type> ModelTypesIn(Type type)
    {
        if (type.IsArray)
        {
            return ModelTypesIn(type.GetElementType()!); // ! an array type has an element type
        }

        if (type.IsGenericType)
        {
            return type.GetGenericArguments().SelectMany(ModelTypesIn);
        }

        return type.Namespace == typeof(V1Pod).Namespace && type.IsClass && !type.IsAbstract ? [type] : [];
    }
}
