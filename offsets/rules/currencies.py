"""ISO 4217 alphabetic codes of the currencies in circulation (ISO list one, as of 2026).

Kept as data rather than fetched so the rules never depend on a network or a library.
Left out on purpose: precious metals (XAU, XAG, XPT, XPD), bond-market and accounting units
(XBA-XBD, XDR, XSU, XUA), fund codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW) and the
testing / no-currency codes (XTS, XXX): no contract is priced in them. Codes withdrawn by ISO
(e.g. HRK 2023, ZWL 2024, SLL, ANG 2025, BGN after the 2026 euro changeover) are absent too,
so an amount in them is refused rather than converted at a rate nobody publishes.
"""

from __future__ import annotations

_CODES = """
AED AFN ALL AMD AOA ARS AUD AWG AZN
BAM BBD BDT BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD
CAD CDF CHF CLP CNY COP CRC CUP CVE CZK
DJF DKK DOP DZD
EGP ERN ETB EUR
FJD FKP
GBP GEL GHS GIP GMD GNF GTQ GYD
HKD HNL HTG HUF
IDR ILS INR IQD IRR ISK
JMD JOD JPY
KES KGS KHR KMF KPW KRW KWD KYD KZT
LAK LBP LKR LRD LSL LYD
MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN
NAD NGN NIO NOK NPR NZD
OMR
PAB PEN PGK PHP PKR PLN PYG
QAR
RON RSD RUB RWF
SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL
THB TJS TMT TND TOP TRY TTD TWD TZS
UAH UGX USD UYU UZS
VED VES VND VUV
WST
XAF XCD XCG XOF XPF
YER
ZAR ZMW ZWG
"""

ISO_4217_CODES: frozenset[str] = frozenset(_CODES.split())
