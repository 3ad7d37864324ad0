from django.apps import AppConfig


class PortaalConfig(AppConfig):
    """The pupil's and the parent's own portal: their access to one pupil's file (`Toegang`), the
    activation codes that create it, the pupil's own part of the transfer form and programme
    wishes, and the parent's view (zienswijze). Sits at the top: it reads and changes the domain
    apps through their selectors and services; none of them imports it. Who sees what of the
    file is the visibility table's columns `leerling` and `ouder` (voroc/policy.py)."""

    name = "portaal"
    verbose_name = "Portaal voor leerling en ouders"

    def ready(self):
        from auditlog.registry import auditlog

        from terugkoppeling.services import terugkoppeling_vastgelegd

        from .notificaties import leerling_informeren_na_commit

        # The mbo's feedback moments reach the pupil with a portal account as a mail without data.
        terugkoppeling_vastgelegd.connect(leerling_informeren_na_commit, dispatch_uid="portaal.notificaties")

        # Every change is recorded; the code's hash never, the invited address only as "changed".
        auditlog.register(self.get_model("Toegang"))
        auditlog.register(self.get_model("Opleidingswens"))
        auditlog.register(self.get_model("Zienswijze"))
        auditlog.register(
            self.get_model("Activatiecode"),
            exclude_fields=["code_hash"],
            mask_fields=["email"],
            mask_callable="voroc.accounts.audit.mask",
        )
