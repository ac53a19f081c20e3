# %%
from svcdesign.present import StaffingExplorer

StaffingExplorer("bank")
