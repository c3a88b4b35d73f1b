"""Sodsong (สอดส่อง): the province's platform against online crime and call-centre scam gangs."""

__version__ = "0.1.0"
