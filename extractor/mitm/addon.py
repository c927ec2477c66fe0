"""The script mitmproxy loads: `mitmproxy -s "$(saic-asn1 mitmproxy-addon)" --set saic_schemas=OUT`.

mitmproxy runs it as a file, not as part of the package, so it imports the package absolutely: run the
mitmproxy installed beside saic-asn1 (the `mitm` extra).
"""

from extractor.mitm.live import SaicAsn1

addons = [SaicAsn1()]
