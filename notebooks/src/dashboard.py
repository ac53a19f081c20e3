# %%
import os

from svcdesign.present import StaffingExplorer

StaffingExplorer("bank", language=os.environ.get("SVCDESIGN_LANGUAGE") or None)
