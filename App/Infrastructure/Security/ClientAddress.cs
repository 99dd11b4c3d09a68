using System.Net;
using System.Net.Sockets;

namespace BlazorAuth.Infrastructure.Security;

/// <summary>Who "one client" is for per-client limits.</summary>
public static class ClientAddress
{
    /// <summary>
    /// An IPv4 address as is; an IPv6 address by its /64, since one host or home line usually holds a whole /64 and a
    /// bucket per /128 would be no limit at all. IPv4-mapped addresses (IPv4 clients of a dual-stack listener) are
    /// mapped back first, or every IPv4 client would share ::ffff:0:0/64.
    /// </summary>
    public static string PartitionKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
