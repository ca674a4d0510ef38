"""How an opening of a shared report is described to its owner: roughly where from, and with
what. Pure functions over plain values.

Enough for a person to tell "my physiotherapist's practice, on a Windows computer" from an
opening they did not expect, and no more: the address is cut to its network (the first three
parts of an IPv4 address, a /24, or the first three groups of an IPv6 one, a /48, which is
about the size of one site's network), and the browser is named only by its family and system.
The exact address and the full User-Agent are never stored.
"""

import ipaddress

IPV4_PREFIX = 24
IPV6_PREFIX = 48

# (what the User-Agent holds, the family's name), first match wins: Edge and Opera also say
# "Chrome", and Chrome also says "Safari".
BROWSERS = [
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS", "Firefox"),
    ("CriOS", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
SYSTEMS = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "a Mac"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
]


def network_of(address: str) -> str:
    """The network an address belongs to ("203.0.113.0/24"), or "" for one that is not an
    address."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return ""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def browser_family(user_agent: str) -> str:
    """ "Firefox on Windows", "Safari on an iPhone", or "an unknown browser"."""
    browser = next((name for mark, name in BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in SYSTEMS if mark in user_agent), "")
    if system in {"iPhone", "iPad"}:
        system = f"an {system}"
    if browser and system:
        return f"{browser} on {system}"
    return browser or (f"a browser on {system}" if system else "an unknown browser")
