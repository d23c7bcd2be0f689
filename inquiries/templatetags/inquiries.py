"""The "Send a message" button on a company's page; the decision is made in ``services.start_state``."""

from django import template

from inquiries import services

register = template.Library()


@register.simple_tag(takes_context=True)
def message_start_state(context, company):
    """``{% message_start_state company as messaging %}``: None, or what to offer the visitor."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or company is None:
        return None
    return services.start_state(user, company)
