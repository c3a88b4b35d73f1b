"""Countries for nationality and issuing state: ISO 3166-1 alpha-3 codes (ICAO 9303 for the
stateless) with Thai and English names, the one table the forms, the Excel template and the
import read (issue 20). The region's countries come first, in the order officers meet them.

`country_code(text)` turns a Thai name, an English name, an alias or a code into the alpha-3 code
stored in the database; any other well-formed 3-letter code passes through unchanged, as before.
Pure functions, no Django."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple


class Country(NamedTuple):
    code: str
    name_th: str
    name_en: str
    aliases: tuple[str, ...] = ()


# The region first: who lives and works in Thai villages, then the rest in Thai dictionary order.
_FIRST = (
    Country("MMR", "เมียนมา", "Myanmar", ("พม่า", "Burma", "เมียนม่าร์")),
    Country("KHM", "กัมพูชา", "Cambodia", ("เขมร", "Kampuchea")),
    Country("LAO", "ลาว", "Laos", ("สปป.ลาว", "Lao PDR", "Lao")),
    Country("CHN", "จีน", "China", ("สาธารณรัฐประชาชนจีน", "PRC")),
    Country("VNM", "เวียดนาม", "Viet Nam", ("Vietnam",)),
    Country("THA", "ไทย", "Thailand", ("ประเทศไทย", "Thai")),
    Country("MYS", "มาเลเซีย", "Malaysia"),
    Country("IDN", "อินโดนีเซีย", "Indonesia"),
    Country("PHL", "ฟิลิปปินส์", "Philippines"),
    Country("SGP", "สิงคโปร์", "Singapore"),
    Country("BRN", "บรูไน", "Brunei", ("Brunei Darussalam",)),
    Country("TLS", "ติมอร์-เลสเต", "Timor-Leste", ("East Timor", "ติมอร์ตะวันออก")),
    Country("IND", "อินเดีย", "India"),
    Country("TWN", "ไต้หวัน", "Taiwan"),
    Country("KOR", "เกาหลีใต้", "South Korea", ("Korea", "Republic of Korea", "เกาหลี")),
    Country("JPN", "ญี่ปุ่น", "Japan"),
)
_REST = (
    Country("XXA", "ไร้สัญชาติ", "Stateless", ("บุคคลไร้สัญชาติ",)),
    Country("AFG", "อัฟกานิสถาน", "Afghanistan"),
    Country("ARE", "สหรัฐอาหรับเอมิเรตส์", "United Arab Emirates", ("UAE",)),
    Country("ARG", "อาร์เจนตินา", "Argentina"),
    Country("AUS", "ออสเตรเลีย", "Australia"),
    Country("AUT", "ออสเตรีย", "Austria"),
    Country("BEL", "เบลเยียม", "Belgium"),
    Country("BGD", "บังกลาเทศ", "Bangladesh", ("บังคลาเทศ",)),
    Country("BRA", "บราซิล", "Brazil"),
    Country("BTN", "ภูฏาน", "Bhutan"),
    Country("CAN", "แคนาดา", "Canada"),
    Country("CHE", "สวิตเซอร์แลนด์", "Switzerland"),
    Country("CHL", "ชิลี", "Chile"),
    Country("CMR", "แคเมอรูน", "Cameroon"),
    Country("COL", "โคลอมเบีย", "Colombia"),
    Country("CZE", "เช็กเกีย", "Czechia", ("Czech Republic", "เช็ก")),
    Country("DEU", "เยอรมนี", "Germany", ("เยอรมัน",)),
    Country("DNK", "เดนมาร์ก", "Denmark"),
    Country("EGY", "อียิปต์", "Egypt"),
    Country("ESP", "สเปน", "Spain"),
    Country("ETH", "เอธิโอเปีย", "Ethiopia"),
    Country("FIN", "ฟินแลนด์", "Finland"),
    Country("FRA", "ฝรั่งเศส", "France"),
    Country("GBR", "สหราชอาณาจักร", "United Kingdom", ("อังกฤษ", "UK", "Great Britain")),
    Country("GHA", "กานา", "Ghana"),
    Country("GRC", "กรีซ", "Greece"),
    Country("HKG", "ฮ่องกง", "Hong Kong"),
    Country("IRL", "ไอร์แลนด์", "Ireland"),
    Country("IRN", "อิหร่าน", "Iran"),
    Country("IRQ", "อิรัก", "Iraq"),
    Country("ISR", "อิสราเอล", "Israel"),
    Country("ITA", "อิตาลี", "Italy"),
    Country("KAZ", "คาซัคสถาน", "Kazakhstan"),
    Country("KEN", "เคนยา", "Kenya"),
    Country("LKA", "ศรีลังกา", "Sri Lanka"),
    Country("MAC", "มาเก๊า", "Macao", ("Macau",)),
    Country("MEX", "เม็กซิโก", "Mexico"),
    Country("MNG", "มองโกเลีย", "Mongolia"),
    Country("NGA", "ไนจีเรีย", "Nigeria"),
    Country("NLD", "เนเธอร์แลนด์", "Netherlands", ("ฮอลแลนด์", "Holland")),
    Country("NOR", "นอร์เวย์", "Norway"),
    Country("NPL", "เนปาล", "Nepal"),
    Country("NZL", "นิวซีแลนด์", "New Zealand"),
    Country("PAK", "ปากีสถาน", "Pakistan"),
    Country("PER", "เปรู", "Peru"),
    Country("POL", "โปแลนด์", "Poland"),
    Country("PRK", "เกาหลีเหนือ", "North Korea", ("DPRK",)),
    Country("PRT", "โปรตุเกส", "Portugal"),
    Country("QAT", "กาตาร์", "Qatar"),
    Country("ROU", "โรมาเนีย", "Romania"),
    Country("RUS", "รัสเซีย", "Russia", ("Russian Federation",)),
    Country("SAU", "ซาอุดีอาระเบีย", "Saudi Arabia"),
    Country("SWE", "สวีเดน", "Sweden"),
    Country("TUR", "ทูร์เคีย", "Türkiye", ("ตุรกี", "Turkey")),
    Country("UGA", "ยูกันดา", "Uganda"),
    Country("UKR", "ยูเครน", "Ukraine"),
    Country("USA", "สหรัฐอเมริกา", "United States", ("อเมริกา", "USA", "US")),
    Country("UZB", "อุซเบกิสถาน", "Uzbekistan"),
    Country("ZAF", "แอฟริกาใต้", "South Africa"),
)

_LEADING_VOWELS = "เแโใไ"


def _thai_sort_key(name: str) -> str:
    """Thai dictionary order: a leading vowel sorts after the consonant it is written before."""
    if len(name) > 1 and name[0] in _LEADING_VOWELS:
        return name[1] + name[0] + name[2:]
    return name


COUNTRIES: tuple[Country, ...] = _FIRST + tuple(
    sorted(_REST, key=lambda c: _thai_sort_key(c.name_th))
)
BY_CODE: dict[str, Country] = {c.code: c for c in COUNTRIES}
_ALPHA3 = re.compile(r"^[A-Z]{3}$")
_CODE_IN_BRACKETS = re.compile(r"\(([A-Za-z]{3})\)\s*$")


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s.\-,'()]+", "", text).replace("ประเทศ", "", 1) or text


_BY_NAME: dict[str, str] = {}
for _c in COUNTRIES:
    for _name in (_c.name_th, _c.name_en, *_c.aliases):
        _BY_NAME.setdefault(_key(_name), _c.code)


def country_code(text: str | None) -> str | None:
    """The alpha-3 code for a code, a Thai or English name or an alias; "" for blank; None when
    the text names no country. "เมียนมา (MMR)", the picker's own label, is understood too."""
    value = (text or "").strip()
    if not value:
        return ""
    bracketed = _CODE_IN_BRACKETS.search(value)
    if bracketed:
        return bracketed.group(1).upper()
    found = _BY_NAME.get(_key(value))
    if found:
        return found
    if _ALPHA3.match(value.upper()) and value.isascii():
        return value.upper()
    return None


def country_label(code: str | None) -> str:
    """ "เมียนมา (MMR)" for a known code, the code itself otherwise."""
    if not code:
        return ""
    country = BY_CODE.get(code.upper())
    return f"{country.name_th} ({country.code})" if country else code.upper()


def country_name_th(code: str | None) -> str:
    country = BY_CODE.get((code or "").upper())
    return country.name_th if country else (code or "")
